package dev.wsengine.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the client container refuses before it opens a connection. No server runs: the address is
 * one nothing listens on, so a connection attempt would fail with a different error than the one
 * each test expects.
 */
class ClientContainerValidationTest {

    private static final URI NOWHERE = URI.create("ws://127.0.0.1:1/echo");

    private final WsClientContainer container = new WsClientContainer();

    @AfterEach
    void shutdown() {
        container.shutdown();
    }

    @Test
    void containerProviderFindsOurContainer() {
        assertInstanceOf(WsClientContainer.class, ContainerProvider.getWebSocketContainer());
    }

    @Test
    void anObjectWithoutClientEndpointIsADeploymentError() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> container.connectToServer(new Object(), NOWHERE));
        assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("@ClientEndpoint"),
                e.getMessage());
        assertThrows(DeploymentException.class, () -> container.connectToServer(String.class, NOWHERE));
    }

    @Test
    void anEndpointClassWithoutANoArgumentConstructorIsADeploymentError() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.connectToServer(
                NoDefaultConstructor.class, ClientEndpointConfig.Builder.create().build(), NOWHERE));
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName()), e.getMessage());
    }

    @Test
    void badConnectionPropertiesAreDeploymentErrors() {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT_MS, -5);
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> container.connectToServer(new Recorder(), config, java.net.URI.create("ws://127.0.0.1:1/x")));
        assertTrue(e.getMessage().contains(ClientProperties.CONNECT_TIMEOUT_MS), e.getMessage());
        assertFalse(e instanceof UpgradeFailedException);
    }

    @Test
    void aUriThatIsNotAWebSocketUriIsRefused() {
        for (String uri : List.of("http://127.0.0.1/x", "ws:///nohost", "ws://127.0.0.1/x#fragment")) {
            assertThrows(DeploymentException.class, () -> container.connectToServer(new Recorder(),
                    ClientEndpointConfig.Builder.create().build(), java.net.URI.create(uri)), uri);
        }
    }

    public static final class NoDefaultConstructor extends Endpoint {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }
}
