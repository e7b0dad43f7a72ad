package dev.wsengine.client;

import dev.wsengine.testsupport.HttpHead;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The client's side of the opening handshake against a raw socket server that answers as each test likes. */
class OpeningHandshakeIT {

    private final WsClientContainer container = new WsClientContainer();

    @AfterEach
    void shutdown() {
        container.shutdown();
    }

    private static ClientEndpointConfig offering(List<String> protocols, List<Extension> extensions) {
        return ClientEndpointConfig.Builder.create().preferredSubprotocols(protocols).extensions(extensions).build();
    }

    static Stream<Arguments> wrongAnswers() {
        Function<String, String> forbidden = r -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
        Function<String, String> notFound = r -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        Function<String, String> redirect = r -> "HTTP/1.1 302 Found\r\nLocation: ws://elsewhere/\r\n\r\n";
        Function<String, String> wrongAccept = r -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: d3JvbmcgYWNjZXB0IGtleQ==\r\n\r\n";
        Function<String, String> noAccept = r -> "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\r\n";
        Function<String, String> noUpgrade = r -> FakeServer.upgrade(r).replace("Upgrade: websocket\r\n", "");
        Function<String, String> unofferedProtocol = r -> FakeServer.upgrade(r, "Sec-WebSocket-Protocol: never-offered");
        Function<String, String> twoProtocols = r -> FakeServer.upgrade(r, "Sec-WebSocket-Protocol: a, b");
        Function<String, String> unofferedExtension = r -> FakeServer.upgrade(r, "Sec-WebSocket-Extensions: x-never-offered");
        Function<String, String> malformedExtension = r -> FakeServer.upgrade(r, "Sec-WebSocket-Extensions: x-ext; =");
        return Stream.of(
                Arguments.of("403 refusal", forbidden, 403, "HTTP status 403 Forbidden"),
                Arguments.of("404 refusal", notFound, 404, "HTTP status 404"),
                Arguments.of("redirect", redirect, 302, "redirect to ws://elsewhere/"),
                Arguments.of("wrong accept", wrongAccept, 101, "Sec-WebSocket-Accept [d3JvbmcgYWNjZXB0IGtleQ==] does not match"),
                Arguments.of("missing accept", noAccept, 101, "Sec-WebSocket-Accept [] does not match"),
                Arguments.of("missing upgrade", noUpgrade, 101, "Upgrade header does not contain 'websocket'"),
                Arguments.of("unoffered subprotocol", unofferedProtocol, 101, "subprotocol 'never-offered'"),
                Arguments.of("two subprotocols", twoProtocols, 101, "more than one subprotocol"),
                Arguments.of("unoffered extension", unofferedExtension, 101, "extension 'x-never-offered'"),
                Arguments.of("malformed extension", malformedExtension, 101, "Sec-WebSocket-Extensions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAnswers")
    void aWrongAnswerFailsTheHandshakeWithTheStatus(String name, Function<String, String> answer, int status,
                                                    String expected) throws Exception {
        try (FakeServer server = new FakeServer(answer, FakeServer.After.KEEP_OPEN)) {
            Recorder recorder = new Recorder();
            UpgradeFailedException e = assertThrows(UpgradeFailedException.class, () -> container.connectToServer(
                    recorder, offering(List.of("a", "b"), List.of()), server.uri("/x")));
            assertEquals(status, e.status());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().contains(server.uri("/x").toString()), "names the URI: " + e.getMessage());
            assertTrue(recorder.events.isEmpty(), "the endpoint never opened: " + recorder.events);
        }
    }

    @Test
    void afterResponseSeesARefusalToo() throws Exception {
        CompletableFuture<Map<String, List<String>>> seen = new CompletableFuture<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void afterResponse(HandshakeResponse response) {
                seen.complete(response.getHeaders());
            }
        }).build();
        try (FakeServer server = new FakeServer(r -> "HTTP/1.1 404 Not Found\r\nX-Reason: no such endpoint\r\n\r\n",
                FakeServer.After.CLOSE)) {
            UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("/missing")));
            assertEquals(404, e.status());
        }
        Map<String, List<String>> headers = seen.getNow(null);
        assertNotNull(headers, "afterResponse was not called");
        assertEquals(List.of("no such endpoint"), headers.get("x-reason"), "names match case-insensitively");
    }

    @Test
    void aConfiguratorThatThrowsInAfterResponseFailsTheConnect() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void afterResponse(HandshakeResponse response) {
                throw new IllegalStateException("not this server");
            }
        }).build();
        try (FakeServer server = new FakeServer(FakeServer::upgrade, FakeServer.After.KEEP_OPEN)) {
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("/x")));
            assertTrue(e.getMessage().contains("afterResponse"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    @Test
    void offersExactlyTheConfiguredSubprotocolsAndExtensions() throws Exception {
        Extension ext1 = new TestExtension("ext1", List.of(new TestExtension.Param("permessage-compress", "deflate"),
                new TestExtension.Param("permessage-compress", "foo"), new TestExtension.Param("prop", "two words")));
        Extension ext2 = new TestExtension("ext2", List.of());
        try (FakeServer server = new FakeServer(r -> FakeServer.upgrade(r, "Sec-WebSocket-Extensions: ext2",
                "Sec-WebSocket-Protocol: v11.stomp"), FakeServer.After.READ_UNTIL_CLIENT_CLOSES)) {
            Session session = container.connectToServer(new Recorder(),
                    offering(List.of("v10.stomp", "v11.stomp"), List.of(ext1, ext2)), server.uri("/chat?room=1"));
            HttpHead request = server.request.get(10, TimeUnit.SECONDS);
            assertTrue(request.text().startsWith("GET /chat?room=1 HTTP/1.1\r\n"), request.text());
            assertEquals(List.of("ext1; permessage-compress=deflate; permessage-compress=foo; prop=\"two words\", ext2"),
                    request.values("Sec-WebSocket-Extensions"));
            assertEquals(List.of("v10.stomp, v11.stomp"), request.values("Sec-WebSocket-Protocol"));
            assertEquals(List.of("13"), request.values("Sec-WebSocket-Version"));
            assertEquals(List.of("127.0.0.1:" + server.port()), request.values("Host"));
            assertEquals("v11.stomp", session.getNegotiatedSubprotocol());
            assertEquals(1, session.getNegotiatedExtensions().size());
            assertEquals("ext2", session.getNegotiatedExtensions().get(0).getName());
            assertEquals(Map.of("room", List.of("1")), session.getRequestParameterMap());
        }
    }

    @Test
    void offersNothingTheApplicationDidNotConfigure() throws Exception {
        try (FakeServer server = new FakeServer(FakeServer::upgrade, FakeServer.After.READ_UNTIL_CLIENT_CLOSES)) {
            Session session = container.connectToServer(new Recorder(), offering(List.of(), List.of()), server.uri(""));
            HttpHead request = server.request.get(10, TimeUnit.SECONDS);
            assertTrue(request.text().startsWith("GET / HTTP/1.1\r\n"), request.text());
            assertEquals(List.of(), request.values("Sec-WebSocket-Extensions"));
            assertEquals(List.of(), request.values("Sec-WebSocket-Protocol"));
            assertEquals("", session.getNegotiatedSubprotocol());
            assertEquals(List.of(), session.getNegotiatedExtensions());
        }
    }

    @Test
    void beforeRequestMayChangeTheOfferAndTheAnswerIsCheckedAgainstWhatWasSent() throws Exception {
        CompletableFuture<String> keySeen = new CompletableFuture<>();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().preferredSubprotocols(List.of("original"))
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        keySeen.complete(String.valueOf(headers.get("sec-websocket-key")));
                        headers.put("sec-websocket-protocol", List.of("changed"));
                        headers.put("X-Token", List.of("t1", "t2"));
                    }
                }).build();
        try (FakeServer server = new FakeServer(r -> FakeServer.upgrade(r, "Sec-WebSocket-Protocol: changed"),
                FakeServer.After.READ_UNTIL_CLIENT_CLOSES)) {
            Session session = container.connectToServer(new Recorder(), config, server.uri("/x"));
            HttpHead request = server.request.get(10, TimeUnit.SECONDS);
            assertEquals("changed", session.getNegotiatedSubprotocol());
            assertEquals(List.of("changed"), request.values("Sec-WebSocket-Protocol"));
            assertEquals(List.of("t1", "t2"), request.values("X-Token"));
            assertEquals("[" + request.values("Sec-WebSocket-Key").get(0) + "]", keySeen.getNow(null));
        }
    }

    @Test
    void aHeaderWithALineBreakIsRefusedBeforeAnythingIsSent() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("X-Evil", List.of("a\r\nInjected: yes"));
            }
        }).build();
        try (FakeServer server = new FakeServer(FakeServer::upgrade, FakeServer.After.KEEP_OPEN)) {
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("/x")));
            assertTrue(e.getMessage().contains("CR, LF"), e.getMessage());
        }
    }

    @Test
    void bytesBehindThe101AreTheFirstWebSocketBytes() throws Exception {
        try (FakeServer server = new FakeServer(r -> FakeServer.upgrade(r) + FakeServer.frame(0x1, "early"),
                FakeServer.After.READ_UNTIL_CLIENT_CLOSES)) {
            Recorder recorder = new Recorder();
            container.connectToServer(recorder, offering(List.of(), List.of()), server.uri("/x"));
            assertEquals("open", recorder.next());
            assertEquals("text early", recorder.next());
        }
    }

    @Test
    void aDroppedConnectionReportsAbnormalCloseOnce() throws Exception {
        try (FakeServer server = new FakeServer(FakeServer::upgrade, FakeServer.After.CLOSE)) {
            Recorder recorder = new Recorder();
            container.connectToServer(recorder, offering(List.of(), List.of()), server.uri("/x"));
            assertEquals("open", recorder.next());
            assertEquals("close 1006", recorder.next());
            assertNull(recorder.events.poll(300, TimeUnit.MILLISECONDS), "reported more than once");
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheConnectTimeout() throws Exception {
        for (String scheme : List.of("ws", "wss")) {
            try (FakeServer server = new FakeServer(request -> null, FakeServer.After.KEEP_OPEN)) {
                ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
                config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT_MS, 300);
                DeploymentException e = assertThrows(DeploymentException.class,
                        () -> container.connectToServer(new Recorder(), config, server.uri(scheme, "/x")));
                assertTrue(e.getMessage().contains("connect timeout of 300 ms"), e.getMessage());
                String step = scheme.equals("wss") ? "TLS handshake" : "WebSocket handshake";
                assertTrue(e.getMessage().contains(step), e.getMessage());
            }
        }
    }

    @Test
    void aProxyThatRefusesTheTunnelFailsWithItsStatus() throws Exception {
        try (FakeServer proxy = new FakeServer(r -> "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n",
                FakeServer.After.CLOSE)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            config.getUserProperties().put(ClientProperties.PROXY_AUTHORIZATION, "Basic dXNlcjpwYXNz");
            UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                    () -> container.connectToServer(new Recorder(), config, java.net.URI.create("ws://example.invalid:8080/x")));
            assertEquals(407, e.status());
            HttpHead request = proxy.request.get(10, TimeUnit.SECONDS);
            assertTrue(request.text().startsWith("CONNECT example.invalid:8080 HTTP/1.1\r\n"), request.text());
            assertEquals(List.of("Basic dXNlcjpwYXNz"), request.values("Proxy-Authorization"));
        }
    }

}
