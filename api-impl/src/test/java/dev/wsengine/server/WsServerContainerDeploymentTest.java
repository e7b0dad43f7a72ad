package dev.wsengine.server;

import dev.wsengine.handshake.WsExtension;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WsServerContainerDeploymentTest {

    private final WsServerContainer container = new WsServerContainer();

    @AfterEach
    void stop() {
        container.stop();
    }

    @ServerEndpoint("/rooms/{room}")
    public static class Room {
        @OnMessage
        public String echo(String message, @PathParam("room") String room) {
            return room + ":" + message;
        }
    }

    @ServerEndpoint("/rooms/{name}")
    public static class OtherRoom {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    @ServerEndpoint("/typo/{room}")
    public static class WrongPathParam {
        @OnMessage
        public String echo(String message, @PathParam("rom") int room) {
            return message;
        }
    }

    @ServerEndpoint("/bad//path")
    public static class BadPath {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    public static class NotAnnotated {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    public static class NeedsArgument extends Endpoint {
        public NeedsArgument(String argument) {
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    @Test
    void deploysAnAnnotatedEndpointAndMatchesItsPath() throws DeploymentException {
        container.addEndpoint(Room.class);
        EndpointMatch match = container.match("/rooms/lobby");
        assertNotNull(match);
        assertEquals(Room.class, match.config().getEndpointClass());
        assertEquals("/rooms/{room}", match.config().getPath());
        assertEquals(Map.of("room", "lobby"), match.pathParameters());
        assertNull(container.match("/rooms"));
        assertNull(container.match("/other"));
    }

    @Test
    void refusesAClassWithoutServerEndpointNamingIt() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(NotAnnotated.class));
        assertTrue(e.getMessage().contains(NotAnnotated.class.getName()), e.getMessage());
    }

    @Test
    void refusesEquivalentPathsNamingBothClasses() throws DeploymentException {
        container.addEndpoint(Room.class);
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(OtherRoom.class));
        assertTrue(e.getMessage().contains(Room.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(OtherRoom.class.getName()), e.getMessage());
        WsServerContainer fresh = new WsServerContainer();
        fresh.addEndpoint(Room.class);
        DeploymentException programmatic = assertThrows(DeploymentException.class, () -> fresh.addEndpoint(
                ServerEndpointConfig.Builder.create(Programmatic.class, "/rooms/{id}").build()));
        assertTrue(programmatic.getMessage().contains(Programmatic.class.getName()), programmatic.getMessage());
        fresh.stop();
    }

    /** Spec 6.2: after a deployment error no endpoint of the application is served, even if the error was caught. */
    @Test
    void aDeploymentErrorTakesTheWholeApplicationOutOfService() throws DeploymentException {
        container.addEndpoint(Room.class);
        assertNotNull(container.match("/rooms/a"));
        assertThrows(DeploymentException.class, () -> container.addEndpoint(OtherRoom.class));
        assertNull(container.match("/rooms/a"));
        assertThrows(DeploymentException.class, () -> container.addEndpoint(Programmatic.class));
    }

    @Test
    void theSameAnnotatedClassFoundTwiceIsOneEndpoint() throws DeploymentException {
        container.addEndpoint(Room.class);
        container.addEndpoint(Room.class);
        assertEquals(Room.class, container.match("/rooms/a").config().getEndpointClass());
    }

    /** Spec 4.3: an unmatched name gives null, so only a primitive parameter cannot be served. */
    @Test
    void refusesAPrimitivePathParamThatIsNotAVariableOfThePath() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(WrongPathParam.class));
        assertTrue(e.getMessage().contains(WrongPathParam.class.getName()) && e.getMessage().contains("rom"),
                e.getMessage());
    }

    @Test
    void refusesAnInvalidPath() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(BadPath.class));
        assertTrue(e.getMessage().contains("/bad//path"), e.getMessage());
    }

    @Test
    void deploysProgrammaticEndpoints() throws DeploymentException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build();
        container.addEndpoint(config);
        assertSame(config, container.match("/p").config());
    }

    @Test
    void refusesAProgrammaticEndpointTheDefaultConfiguratorCannotCreate() throws DeploymentException {
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.addEndpoint(
                ServerEndpointConfig.Builder.create(NeedsArgument.class, "/n").build()));
        assertTrue(e.getMessage().contains(NeedsArgument.class.getName()), e.getMessage());
        // A configurator that supplies instances makes it deployable (in an application without the error).
        WsServerContainer fresh = new WsServerContainer();
        fresh.addEndpoint(ServerEndpointConfig.Builder.create(NeedsArgument.class, "/n")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return endpointClass.cast(new NeedsArgument("x"));
                    }
                }).build());
        assertNotNull(fresh.match("/n"));
        fresh.stop();
    }

    @Test
    void deploymentEndsWhenTheContainerStarts() throws DeploymentException {
        container.addEndpoint(Room.class);
        container.markStarted();
        assertTrue(container.isStarted());
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(OtherRoom.class));
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(
                ServerEndpointConfig.Builder.create(Programmatic.class, "/late").build()));
        assertNull(container.match("/late"));
    }

    @Test
    void hasDocumentedDefaultsThatCanBeChanged() {
        assertEquals(5 * 60 * 1000, container.getDefaultMaxSessionIdleTimeout(), "silent connections do not stay for ever");
        assertEquals(64 * 1024, container.getDefaultMaxTextMessageBufferSize());
        assertEquals(64 * 1024, container.getDefaultMaxBinaryMessageBufferSize());
        assertEquals(0, container.getDefaultAsyncSendTimeout());
        container.setDefaultMaxSessionIdleTimeout(30_000);
        container.setDefaultMaxTextMessageBufferSize(1000);
        container.setDefaultMaxBinaryMessageBufferSize(2000);
        container.setAsyncSendTimeout(5_000);
        assertEquals(30_000, container.getDefaultMaxSessionIdleTimeout());
        assertEquals(1000, container.getDefaultMaxTextMessageBufferSize());
        assertEquals(2000, container.getDefaultMaxBinaryMessageBufferSize());
        assertEquals(5_000, container.getDefaultAsyncSendTimeout());
        assertThrows(IllegalArgumentException.class, () -> container.setDefaultMaxTextMessageBufferSize(-1));
    }

    @Test
    void delegatesClientSideCallsToTheClientContainer() throws Exception {
        WebSocketContainer client = mock(WebSocketContainer.class);
        Session session = mock(Session.class);
        Extension deflate = new WsExtension("permessage-deflate");
        URI uri = URI.create("ws://localhost/x");
        ClientEndpointConfig cec = ClientEndpointConfig.Builder.create().build();
        when(client.connectToServer(Programmatic.class, cec, uri)).thenReturn(session);
        when(client.getInstalledExtensions()).thenReturn(Set.of(deflate));
        WsServerContainer withClient = new WsServerContainer(client);
        try {
            assertSame(session, withClient.connectToServer(Programmatic.class, cec, uri));
            assertEquals(Set.of(deflate), withClient.getInstalledExtensions());
            Object annotated = new Object();
            withClient.connectToServer(annotated, uri);
            verify(client).connectToServer(annotated, uri);
        } finally {
            withClient.stop();
        }
    }

    @Test
    void upgradeHttpToWebSocketNeedsTheBridgesHook() throws Exception {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Programmatic.class, "/fc/{id}").build();
        assertThrows(UnsupportedOperationException.class,
                () -> container.upgradeHttpToWebSocket(new Object(), new Object(), config, Map.of("id", "1")));

        AtomicReference<Object[]> seen = new AtomicReference<>();
        container.setProgrammaticUpgrade((req, resp, sec, params) -> seen.set(new Object[]{req, resp, sec, params}));
        Object req = new Object();
        Object resp = new Object();
        container.upgradeHttpToWebSocket(req, resp, config, Map.of("id", "1"));
        assertSame(req, seen.get()[0]);
        assertSame(resp, seen.get()[1]);
        assertSame(config, seen.get()[2]);
        assertEquals(Map.of("id", "1"), seen.get()[3]);

        container.upgradeHttpToWebSocket(req, resp, config, null);
        assertEquals(Map.of(), seen.get()[3]);
    }

    @Test
    void upgradeHttpToWebSocketRefusesABrokenConfigBeforeTouchingTheRequest() {
        AtomicReference<Object> called = new AtomicReference<>();
        container.setProgrammaticUpgrade((req, resp, sec, params) -> called.set(sec));
        assertThrows(DeploymentException.class, () -> container.upgradeHttpToWebSocket(new Object(), new Object(),
                ServerEndpointConfig.Builder.create(NeedsArgument.class, "/n").build(), Map.of()));
        assertThrows(DeploymentException.class, () -> container.upgradeHttpToWebSocket(new Object(), new Object(),
                null, Map.of()));
        assertNull(called.get());
    }

    @Test
    void stopShutsTheThreadsDownAndEndsDeployment() {
        container.stop();
        assertTrue(container.executor().isShutdown());
        assertTrue(container.scheduler().isShutdown());
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(Room.class));
        container.stop(); // idempotent
    }

    @Test
    void listsNoDeployedPathsItDoesNotHave() throws DeploymentException {
        container.addEndpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/a/b").build());
        container.addEndpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/a/{x}").build());
        assertEquals("/a/b", container.match("/a/b").config().getPath());
        assertEquals("/a/{x}", container.match("/a/c").config().getPath());
        assertEquals(List.of(), List.copyOf(container.openSessions()));
    }
}
