package dev.wsengine.server;

import dev.wsengine.handshake.WsExtension;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultServerConfiguratorTest {

    private final DefaultServerConfigurator configurator = new DefaultServerConfigurator();

    private static List<String> list(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(" "));
    }

    @ParameterizedTest(name = "[{index}] supported [{0}] requested [{1}] -> ''{2}''")
    @CsvSource(delimiter = '|', value = {
            "chat superchat | superchat chat | superchat",   // the client's order decides
            "chat superchat | chat superchat | chat",
            "chat           | x chat y       | chat",
            "chat           | x y            | ''",
            "''             | chat           | ''",
            "chat           | ''             | ''",
            "Chat           | chat           | ''",             // tokens are case-sensitive
    })
    void negotiatesTheFirstRequestedSubprotocolTheServerSupports(String supported, String requested, String expected) {
        assertEquals(expected, configurator.getNegotiatedSubprotocol(list(supported), list(requested)));
    }

    @Test
    void negotiatesRequestedExtensionsThatAreInstalledInTheClientsOrder() {
        Extension b = new WsExtension("b", List.of(new WsExtension.Param("x", "1")));
        Extension a = new WsExtension("a");
        Extension c = new WsExtension("c");
        List<Extension> agreed = configurator.getNegotiatedExtensions(
                List.of(new WsExtension("a"), new WsExtension("b")), List.of(b, c, a));
        assertEquals(List.of(b, a), agreed);
        assertEquals(List.of(), configurator.getNegotiatedExtensions(List.of(), List.of(a)));
        assertEquals(List.of(), configurator.getNegotiatedExtensions(List.of(a), List.of()));
    }

    @Test
    void acceptsAnyOrigin() {
        assertTrue(configurator.checkOrigin("http://evil.example"));
        assertTrue(configurator.checkOrigin(null));
    }

    public static class Plain extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    public static class Throwing extends Endpoint {
        public Throwing() {
            throw new IllegalStateException("boom");
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    public static class NoDefaultConstructor extends Endpoint {
        public NoDefaultConstructor(String s) {
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    @Test
    void createsANewInstancePerCall() throws InstantiationException {
        Plain one = configurator.getEndpointInstance(Plain.class);
        assertNotSame(one, configurator.getEndpointInstance(Plain.class));
    }

    @Test
    void reportsInstantiationFailuresAsInstantiationException() {
        InstantiationException thrown = assertThrows(InstantiationException.class,
                () -> configurator.getEndpointInstance(Throwing.class));
        assertTrue(thrown.getMessage().contains(Throwing.class.getName()), thrown.getMessage());
        assertInstanceOf(IllegalStateException.class, thrown.getCause());
        thrown = assertThrows(InstantiationException.class,
                () -> configurator.getEndpointInstance(NoDefaultConstructor.class));
        assertTrue(thrown.getMessage().contains("no-argument"), thrown.getMessage());
    }

    @Test
    void isThePlatformDefaultFoundByTheApi() {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Plain.class, "/x").build();
        assertInstanceOf(DefaultServerConfigurator.class, config.getConfigurator());
        assertInstanceOf(DefaultServerConfigurator.class,
                new ServerEndpointConfig.Configurator().getContainerDefaultConfigurator());
        // The API's base class forwards to us.
        assertEquals("b", new ServerEndpointConfig.Configurator().getNegotiatedSubprotocol(List.of("b"), List.of("a", "b")));
    }
}
