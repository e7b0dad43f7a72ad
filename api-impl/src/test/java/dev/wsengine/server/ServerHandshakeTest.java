package dev.wsengine.server;

import dev.wsengine.handshake.WsExtension;
import dev.wsengine.settings.SettingProperties;
import dev.wsengine.testsupport.InMemoryTransport;
import dev.wsengine.transport.TransportHandler;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

class ServerHandshakeTest {

    private final WsServerContainer container = new WsServerContainer();

    @AfterEach
    void stop() {
        // A session the handshake accepted waits for a transport that only a real upgrade brings;
        // stop() would spend its whole grace period (2 s) waiting for such a session's close
        // handshake. Give each one a transport that answers Close, as a connected peer would.
        List<Session> unopened;
        synchronized (container.unopened()) {
            unopened = new ArrayList<>(container.unopened());
        }
        for (Session session : unopened) {
            InMemoryTransport.openAnsweringCloses((TransportHandler) session);
        }
        container.stop();
    }

    /** Records what it was opened with. */
    public static class Recorder extends Endpoint {
        static final List<Recorder> CREATED = new CopyOnWriteArrayList<>();
        volatile EndpointConfig openedWith;
        volatile Session session;

        public Recorder() {
            CREATED.add(this);
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            this.openedWith = config;
        }
    }

    /** A configurator whose every decision a test can set. */
    static class Scripted extends ServerEndpointConfig.Configurator {
        volatile boolean origin = true;
        volatile String forcedSubprotocol;
        final List<String> origins = new CopyOnWriteArrayList<>();
        final List<ServerEndpointConfig> configsSeen = new CopyOnWriteArrayList<>();
        final List<HandshakeRequest> requestsSeen = new CopyOnWriteArrayList<>();
        volatile java.util.function.BiConsumer<HandshakeRequest, HandshakeResponse> modify = (q, r) -> { };
        volatile Object instance;
        volatile Exception instanceFailure;
        final List<Endpoint> supplied = new CopyOnWriteArrayList<>();

        @Override
        public boolean checkOrigin(String originHeaderValue) {
            origins.add(String.valueOf(originHeaderValue));
            return origin;
        }

        @Override
        public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
            return forcedSubprotocol != null ? forcedSubprotocol : super.getNegotiatedSubprotocol(supported, requested);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            configsSeen.add(sec);
            requestsSeen.add(request);
            modify.accept(request, response);
        }

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
            if (instanceFailure instanceof InstantiationException ie) {
                throw ie;
            }
            if (instanceFailure instanceof RuntimeException re) {
                throw re;
            }
            if (instance != null) {
                @SuppressWarnings("unchecked")
                T t = (T) instance;
                return t;
            }
            T created = super.getEndpointInstance(endpointClass);
            supplied.add((Endpoint) created);
            return created;
        }
    }

    private Scripted deploy(String path, List<String> subprotocols) throws DeploymentException {
        Scripted configurator = new Scripted();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Recorder.class, path)
                .subprotocols(subprotocols).configurator(configurator).build();
        config.getUserProperties().put("deployed", "yes");
        container.addEndpoint(config);
        return configurator;
    }

    private HandshakeResult handshake(TestUpgradeRequest request) {
        EndpointMatch match = container.match(request.path());
        assertTrue(match != null, "no endpoint for " + request.path());
        return container.handshake(request, match);
    }

    private static List<String> header(HandshakeResult r, String name) {
        List<String> values = new ArrayList<>();
        r.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase(name)) {
                values.addAll(v);
            }
        });
        return values;
    }

    @Test
    void acceptsAValidRequestWithThe101Headers() throws DeploymentException {
        deploy("/chat/{room}", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/chat/lobby").query("a=1&b=2").user("alice"));
        assertTrue(r.accepted(), r.message());
        assertEquals(101, r.status());
        assertEquals(List.of("websocket"), header(r, "Upgrade"));
        assertEquals(List.of("Upgrade"), header(r, "Connection"));
        assertEquals(List.of(TestUpgradeRequest.ACCEPT), header(r, "Sec-WebSocket-Accept"));
        assertEquals(List.of(), header(r, "Sec-WebSocket-Protocol"));
        assertEquals(List.of(), header(r, "Sec-WebSocket-Extensions"));

        Session session = assertInstanceOf(Session.class, r.session());
        assertEquals(Map.of("room", "lobby"), session.getPathParameters());
        assertEquals("a=1&b=2", session.getQueryString());
        assertEquals(Map.of("a", List.of("1"), "b", List.of("2")), session.getRequestParameterMap());
        assertEquals("ws://localhost:8080/chat/lobby?a=1&b=2", session.getRequestURI().toString());
        assertEquals("alice", session.getUserPrincipal().getName());
        assertEquals("", session.getNegotiatedSubprotocol());
        assertSame(container, session.getContainer());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("POST", (UnaryOperator<TestUpgradeRequest>) q -> q.method("POST"), 400),
                Arguments.of("HTTP/1.0", (UnaryOperator<TestUpgradeRequest>) q -> q.protocol("HTTP/1.0"), 400),
                Arguments.of("no Connection: Upgrade", (UnaryOperator<TestUpgradeRequest>) q -> q.replace("Connection", "close"), 400),
                Arguments.of("no key", (UnaryOperator<TestUpgradeRequest>) q -> q.without("Sec-WebSocket-Key"), 400),
                Arguments.of("short key", (UnaryOperator<TestUpgradeRequest>) q -> q.replace("Sec-WebSocket-Key", "c2hvcnQ="), 400),
                Arguments.of("bad extensions", (UnaryOperator<TestUpgradeRequest>) q -> q.header("Sec-WebSocket-Extensions", "x; ;"), 400),
                Arguments.of("version 8", (UnaryOperator<TestUpgradeRequest>) q -> q.replace("Sec-WebSocket-Version", "8"), 426),
                Arguments.of("no version", (UnaryOperator<TestUpgradeRequest>) q -> q.without("Sec-WebSocket-Version"), 426),
                Arguments.of("no Upgrade: websocket", (UnaryOperator<TestUpgradeRequest>) q -> q.without("Upgrade"), 426)
        );
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("malformed")
    void refusesMalformedRequestsWithVersion13(String description, UnaryOperator<TestUpgradeRequest> change,
                                               int status) throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        HandshakeResult r = handshake(change.apply(TestUpgradeRequest.to("/x")));
        assertFalse(r.accepted());
        assertEquals(status, r.status());
        assertEquals(List.of("13"), header(r, "Sec-WebSocket-Version"));
        assertTrue(r.message() != null && !r.message().isBlank());
        assertNull(r.session());
        assertTrue(configurator.origins.isEmpty(), "no configurator call for a malformed request");
    }

    @Test
    void refusesAForbiddenOriginWith403() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        configurator.origin = false;
        int before = Recorder.CREATED.size();
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Origin", "http://evil.example"));
        assertEquals(403, r.status());
        assertEquals(List.of("http://evil.example"), configurator.origins);
        assertTrue(r.message().contains("http://evil.example"), r.message());
        assertEquals(before, Recorder.CREATED.size(), "no endpoint instance for a refused handshake");
    }

    @Test
    void theContainersAllowedOriginsRefuseOthersWith403BeforeTheConfigurator() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        container.setAllowedOrigins(AllowedOrigins.parse("https://app.example"));
        HandshakeResult refused = handshake(TestUpgradeRequest.to("/x").header("Origin", "https://evil.example"));
        assertEquals(403, refused.status());
        assertTrue(refused.message().contains("https://evil.example"), refused.message());
        assertTrue(configurator.origins.isEmpty(), "the configurator is not asked about a refused origin");
        assertTrue(handshake(TestUpgradeRequest.to("/x").header("Origin", "https://app.example")).accepted());
        assertEquals(List.of("https://app.example"), configurator.origins, "then asked about an allowed one");
    }

    @Test
    void anEndpointsOwnAllowedOriginsTakePrecedenceOverTheContainers() throws DeploymentException {
        container.setAllowedOrigins(AllowedOrigins.parse("https://app.example"));
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Recorder.class, "/own")
                .configurator(new Scripted()).build();
        config.getUserProperties().put(WsServerContainer.ALLOWED_ORIGINS_PROPERTY, List.of("https://*.partner.example"));
        container.addEndpoint(config);
        assertEquals(403, handshake(TestUpgradeRequest.to("/own").header("Origin", "https://app.example")).status());
        assertTrue(handshake(TestUpgradeRequest.to("/own").header("Origin", "https://eu.partner.example")).accepted());
    }

    @Test
    void aFullContainerAnswers503BeforeTheUpgrade() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        container.setMaxSessions(2);
        Set<Session> open = container.match("/x").registration().openSessions();
        open.add(mock(Session.class));
        open.add(mock(Session.class));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x"));
        assertEquals(503, r.status());
        assertEquals(List.of("5"), header(r, "Retry-After"));
        assertTrue(r.message().contains("limit of 2"), r.message());
        assertTrue(configurator.origins.isEmpty(), "refused before the configurator is asked anything");
        assertThrows(IllegalArgumentException.class, () -> container.setMaxSessions(-1));
    }

    @Test
    void anEndpointsOwnLimitOfOpenSessionsGives503() throws DeploymentException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Recorder.class, "/few")
                .configurator(new Scripted()).build();
        config.getUserProperties().put(WsServerContainer.MAX_SESSIONS_PROPERTY, "1");
        container.addEndpoint(config);
        container.match("/few").registration().openSessions().add(mock(Session.class));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/few"));
        assertEquals(503, r.status());
        assertTrue(r.message().contains("/few"), r.message());
    }

    @Test
    void anUpgradeRequestOverTheHeaderLimitsIs431BeforeTheConfigurator() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        container.setMaxHandshakeHeaders(8);
        TestUpgradeRequest many = TestUpgradeRequest.to("/x");
        for (int i = 0; i < 4; i++) {
            many.header("X-Extra-" + i, "v");
        }
        HandshakeResult r = handshake(many);
        assertEquals(431, r.status());
        assertTrue(r.message().contains("maxHandshakeHeaders"), r.message());
        container.setMaxHandshakeHeaders(WsServerContainer.DEFAULT_MAX_HANDSHAKE_HEADERS);
        container.setMaxHandshakeHeaderBytes(1024);
        r = handshake(TestUpgradeRequest.to("/x").header("Cookie", "c".repeat(1024)));
        assertEquals(431, r.status());
        assertTrue(r.message().contains("maxHandshakeHeaderBytes"), r.message());
        assertTrue(configurator.origins.isEmpty(), "refused before the configurator is asked anything");
        assertTrue(handshake(TestUpgradeRequest.to("/x").header("Cookie", "c".repeat(500))).accepted());
    }

    @Test
    void anEndpointsBadLimitPropertyIsA500NamingIt() throws DeploymentException {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Recorder.class, "/limited")
                .configurator(new Scripted()).build();
        config.getUserProperties().put(SettingProperties.KEEP_ALIVE_INTERVAL_MS, "soon");
        container.addEndpoint(config);
        HandshakeResult r = handshake(TestUpgradeRequest.to("/limited"));
        assertEquals(500, r.status());
        assertTrue(r.message().contains("/limited") && r.message().contains(SettingProperties.KEEP_ALIVE_INTERVAL_MS),
                r.message());
        config.getUserProperties().put(SettingProperties.KEEP_ALIVE_INTERVAL_MS, 30_000);
        assertTrue(handshake(TestUpgradeRequest.to("/limited")).accepted());
    }

    @Test
    void negotiatesTheSubprotocolInTheClientsOrder() throws DeploymentException {
        deploy("/x", List.of("chat", "superchat"));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Protocol", "v1, superchat")
                .header("Sec-WebSocket-Protocol", "chat"));
        assertEquals(List.of("superchat"), header(r, "Sec-WebSocket-Protocol"));
        assertEquals("superchat", ((Session) r.session()).getNegotiatedSubprotocol());

        r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Protocol", "v1, v2"));
        assertTrue(r.accepted());
        assertEquals(List.of(), header(r, "Sec-WebSocket-Protocol"));
        assertEquals("", ((Session) r.session()).getNegotiatedSubprotocol());
    }

    @Test
    void refusesWith500WhenTheConfiguratorPicksAnUnrequestedSubprotocol() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of("chat"));
        configurator.forcedSubprotocol = "chat";
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Protocol", "other"));
        assertEquals(500, r.status());
        assertTrue(r.message().contains("chat"), r.message());
    }

    @Test
    void negotiatesOnlyInstalledExtensionsInTheClientsOrder() throws DeploymentException {
        deploy("/x", List.of());
        container.setServerExtensions(List.of());
        HandshakeResult none = handshake(TestUpgradeRequest.to("/x")
                .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(none.accepted());
        assertEquals(List.of(), header(none, "Sec-WebSocket-Extensions"), "nothing installed, nothing agreed");

        container.setServerExtensions(List.of(new WsExtension("x-b"), new WsExtension("x-a")));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x")
                .header("Sec-WebSocket-Extensions", "x-a; p=1, x-unknown")
                .header("Sec-WebSocket-Extensions", "x-b"));
        assertEquals(List.of("x-a; p=1, x-b"), header(r, "Sec-WebSocket-Extensions"));
        assertEquals(List.of(new WsExtension("x-a", List.of(new WsExtension.Param("p", "1"))), new WsExtension("x-b")),
                ((Session) r.session()).getNegotiatedExtensions());
    }

    @Test
    void agreesToTheBrowsersPermessageDeflateOfferByDefault() throws DeploymentException {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x")
                .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertTrue(r.accepted());
        // client_max_window_bits needs no answer: our inflater reads any window.
        assertEquals(List.of("permessage-deflate"), header(r, "Sec-WebSocket-Extensions"));
        assertEquals(List.of(new WsExtension("permessage-deflate")), ((Session) r.session()).getNegotiatedExtensions());
        assertTrue(container.getInstalledExtensions().stream().anyMatch(e -> e.getName().equals("permessage-deflate")));
    }

    @Test
    void acceptsASmallServerWindowAndAnswersIt() throws DeploymentException {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Extensions",
                "permessage-deflate; server_max_window_bits=10, permessage-deflate; server_no_context_takeover"));
        // RFC 7692 section 7.1.2.1: accepted by answering the same (or a smaller) value.
        assertEquals(List.of("permessage-deflate; server_max_window_bits=10"), header(r, "Sec-WebSocket-Extensions"));
    }

    @Test
    void declinesAnInvalidDeflateOfferAndTakesTheNextOne() throws DeploymentException {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Extensions",
                "permessage-deflate; server_max_window_bits=7, permessage-deflate; server_no_context_takeover"));
        assertEquals(List.of("permessage-deflate; server_no_context_takeover"), header(r, "Sec-WebSocket-Extensions"));

        HandshakeResult declined = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Extensions",
                "permessage-deflate; server_max_window_bits=16, x-other"));
        assertTrue(declined.accepted(), "a declined offer does not refuse the connection");
        assertEquals(List.of(), header(declined, "Sec-WebSocket-Extensions"));
        assertEquals(List.of(), ((Session) declined.session()).getNegotiatedExtensions());
    }

    @Test
    void answersAnInvalidDeflateOfferWithoutDeflate() throws DeploymentException {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Extensions",
                "permessage-deflate; server_max_window_bits=99; bogus=1"));
        assertTrue(r.accepted());
        assertEquals(List.of(), header(r, "Sec-WebSocket-Extensions"));
    }

    /** Records the installed list it is given and answers with a fixed choice, or the default's. */
    static class ExtensionChooser extends ServerEndpointConfig.Configurator {
        final List<List<String>> installedSeen = new CopyOnWriteArrayList<>();
        volatile List<jakarta.websocket.Extension> answer;

        @Override
        public List<jakarta.websocket.Extension> getNegotiatedExtensions(List<jakarta.websocket.Extension> installed,
                                                                          List<jakarta.websocket.Extension> requested) {
            installedSeen.add(installed.stream().map(jakarta.websocket.Extension::getName).toList());
            return answer != null ? answer : super.getNegotiatedExtensions(installed, requested);
        }
    }

    private ExtensionChooser deployWithExtensions(List<jakarta.websocket.Extension> configured) throws DeploymentException {
        ExtensionChooser chooser = new ExtensionChooser();
        container.addEndpoint(ServerEndpointConfig.Builder.create(Recorder.class, "/e")
                .extensions(configured).configurator(chooser).build());
        return chooser;
    }

    @Test
    void theEndpointsConfiguredExtensionsAreInstalledAheadOfTheContainers() throws DeploymentException {
        container.setServerExtensions(List.of(new WsExtension("x-container"), new WsExtension("x-app")));
        ExtensionChooser chooser = deployWithExtensions(List.of(new WsExtension("x-app")));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/e")
                .header("Sec-WebSocket-Extensions", "x-container, x-app; p=1"));
        assertEquals(List.of(List.of("x-app", "x-container")), chooser.installedSeen);
        assertEquals(List.of("x-container, x-app; p=1"), header(r, "Sec-WebSocket-Extensions"));
    }

    @Test
    void refusesWith500AnExtensionTheClientDidNotRequest() throws DeploymentException {
        ExtensionChooser chooser = deployWithExtensions(List.of(new WsExtension("x-app")));
        chooser.answer = List.of(new WsExtension("x-app"));
        HandshakeResult r = handshake(TestUpgradeRequest.to("/e"));
        assertEquals(500, r.status());
        assertTrue(r.message().contains("x-app"), r.message());

        chooser.answer = List.of(new WsExtension("x-unknown"));
        HandshakeResult notInstalled = handshake(TestUpgradeRequest.to("/e").header("Sec-WebSocket-Extensions", "x-unknown"));
        assertEquals(500, notInstalled.status());
    }

    @Test
    void aBrokenApplicationExtensionIs500NotAnException() throws DeploymentException {
        ExtensionChooser chooser = deployWithExtensions(List.of());
        chooser.answer = java.util.Arrays.asList((jakarta.websocket.Extension) null);
        HandshakeResult r = handshake(TestUpgradeRequest.to("/e").header("Sec-WebSocket-Extensions", "x"));
        assertEquals(500, r.status());
        assertNull(r.session());
    }

    @Test
    void headersAddedByModifyHandshakeGoOnThe101() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of("chat"));
        configurator.modify = (request, response) -> {
            assertEquals(List.of(TestUpgradeRequest.ACCEPT), response.getHeaders().get("sec-websocket-accept"));
            assertEquals(List.of("chat"), response.getHeaders().get("SEC-WEBSOCKET-PROTOCOL"));
            response.getHeaders().put("X-Custom", List.of("one", "two"));
            response.getHeaders().put("Set-Cookie", List.of("id=1"));
            response.getHeaders().remove("Sec-WebSocket-Accept"); // cannot unsay the accept key
        };
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Protocol", "chat"));
        assertTrue(r.accepted(), r.message());
        assertEquals(List.of("one", "two"), header(r, "X-Custom"));
        assertEquals(List.of("id=1"), header(r, "Set-Cookie"));
        assertEquals(List.of(TestUpgradeRequest.ACCEPT), header(r, "Sec-WebSocket-Accept"));
        assertEquals(List.of("chat"), header(r, "Sec-WebSocket-Protocol"));
    }

    @Test
    void modifyHandshakeMayDropTheNegotiatedSubprotocol() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of("chat"));
        configurator.modify = (request, response) -> response.getHeaders().remove("Sec-WebSocket-Protocol");
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").header("Sec-WebSocket-Protocol", "chat"));
        assertEquals(List.of(), header(r, "Sec-WebSocket-Protocol"));
        assertEquals("", ((Session) r.session()).getNegotiatedSubprotocol());
    }

    @Test
    void aHeaderMapHandedOverAsItIsKeyedStillReachesTheConfiguratorReadOnly() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").handsOverItsHeaderMap()
                .header("X-Trace", "t1").header("x-trace", "t2"));
        assertTrue(r.accepted(), r.message());
        HandshakeRequest request = configurator.requestsSeen.get(0);
        assertEquals(List.of("t1", "t2"), request.getHeaders().get("X-TRACE"));
        assertEquals(List.of(TestUpgradeRequest.KEY), request.getHeaders().get("sec-websocket-key"));
        assertThrows(UnsupportedOperationException.class, () -> request.getHeaders().put("X", List.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> request.getHeaders().get("X-Trace").add("t3"));
        assertThrows(UnsupportedOperationException.class, () -> request.getHeaders().remove("Upgrade"));
    }

    @Test
    void modifyHandshakeSeesAReadOnlyCaseInsensitiveRequest() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        Object httpSession = new Object();
        handshake(TestUpgradeRequest.to("/x").query("q=1").user("bob", "admin").httpSession(httpSession)
                .header("X-Trace", "t1").header("x-trace", "t2"));
        HandshakeRequest request = configurator.requestsSeen.get(0);
        assertEquals(List.of("t1", "t2"), request.getHeaders().get("X-TRACE"));
        assertEquals(List.of(TestUpgradeRequest.KEY), request.getHeaders().get("sec-websocket-key"));
        assertThrows(UnsupportedOperationException.class, () -> request.getHeaders().put("X", List.of("y")));
        assertThrows(UnsupportedOperationException.class, () -> request.getHeaders().get("X-Trace").add("t3"));
        assertThrows(UnsupportedOperationException.class, () -> request.getParameterMap().put("z", List.of()));
        assertEquals("q=1", request.getQueryString());
        assertEquals("bob", request.getUserPrincipal().getName());
        assertTrue(request.isUserInRole("admin"));
        assertFalse(request.isUserInRole("root"));
        assertSame(httpSession, request.getHttpSession());
        assertEquals("ws://localhost:8080/x?q=1", request.getRequestURI().toString());
    }

    @Test
    void eachSessionGetsItsOwnCopyOfTheConfiguration() throws Exception {
        Scripted configurator = deploy("/x", List.of());
        configurator.modify = (request, response) -> {
            ServerEndpointConfig sec = configurator.configsSeen.get(configurator.configsSeen.size() - 1);
            sec.getUserProperties().put("trace", request.getHeaders().get("X-Trace").get(0));
        };
        HandshakeResult first = handshake(TestUpgradeRequest.to("/x").header("X-Trace", "one"));
        HandshakeResult second = handshake(TestUpgradeRequest.to("/x").header("X-Trace", "two"));

        ServerEndpointConfig a = configurator.configsSeen.get(0);
        ServerEndpointConfig b = configurator.configsSeen.get(1);
        assertNotSame(a, b);
        assertEquals("one", a.getUserProperties().get("trace"));
        assertEquals("two", b.getUserProperties().get("trace"));
        assertEquals("yes", a.getUserProperties().get("deployed"));
        ServerEndpointConfig deployed = container.match("/x").config();
        assertFalse(deployed.getUserProperties().containsKey("trace"), "nothing leaks into the deployed config");

        // The endpoint is opened with the same per-session copy modifyHandshake saw.
        InMemoryTransport.openAnsweringCloses(first.session());
        InMemoryTransport.openAnsweringCloses(second.session());
        Recorder one = (Recorder) configurator.supplied.get(0);
        Recorder two = (Recorder) configurator.supplied.get(1);
        assertSame(a, one.openedWith);
        assertSame(b, two.openedWith);
    }

    @Test
    void aFailingGetEndpointInstanceIs500AndReachesNoEndpoint() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        configurator.instanceFailure = new InstantiationException("no instance today");
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x"));
        assertEquals(500, r.status());
        assertNull(r.session());
        assertTrue(r.message().contains("no instance today"), r.message());

        configurator.instanceFailure = new IllegalStateException("boom");
        assertEquals(500, handshake(TestUpgradeRequest.to("/x")).status());

        configurator.instanceFailure = null;
        configurator.instance = "not an endpoint";
        HandshakeResult wrongType = handshake(TestUpgradeRequest.to("/x"));
        assertEquals(500, wrongType.status());
        assertTrue(wrongType.message().contains(String.class.getName()), wrongType.message());
        assertTrue(configurator.supplied.isEmpty());
    }

    @Test
    void aThrowingModifyHandshakeIs500() throws DeploymentException {
        Scripted configurator = deploy("/x", List.of());
        configurator.modify = (q, r) -> {
            throw new IllegalArgumentException("bad header");
        };
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x"));
        assertEquals(500, r.status());
        assertTrue(r.message().contains("modifyHandshake") && r.message().contains("bad header"), r.message());
        assertTrue(configurator.supplied.isEmpty(), "getEndpointInstance comes after modifyHandshake");
    }

    @Test
    void sessionsOfOneEndpointSeeEachOtherOnly() throws Exception {
        deploy("/a", List.of());
        deploy("/b", List.of());
        Session a1 = (Session) handshake(TestUpgradeRequest.to("/a")).session();
        Session a2 = (Session) handshake(TestUpgradeRequest.to("/a")).session();
        Session b1 = (Session) handshake(TestUpgradeRequest.to("/b")).session();
        InMemoryTransport.openAnsweringCloses((dev.wsengine.transport.TransportHandler) a1);
        InMemoryTransport.openAnsweringCloses((dev.wsengine.transport.TransportHandler) a2);
        InMemoryTransport.openAnsweringCloses((dev.wsengine.transport.TransportHandler) b1);
        assertEquals(java.util.Set.of(a1, a2), a1.getOpenSessions());
        assertEquals(java.util.Set.of(b1), b1.getOpenSessions());
        assertEquals(java.util.Set.of(a1, a2, b1), container.openSessions());
    }

    @Test
    void stopClosesOpenSessionsWithGoingAwayAndRefusesNewHandshakes() throws Exception {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x"));
        InMemoryTransport transport = InMemoryTransport.openAnsweringCloses(r.session());
        HandshakeResult notYetOpen = handshake(TestUpgradeRequest.to("/x"));

        // A session accepted before stop but switched only while it runs is closed as soon as it
        // opens, and stop() waits for that close handshake too.
        java.util.concurrent.CompletableFuture<InMemoryTransport> late = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            while (!container.isStopped()) {
                Thread.onSpinWait();
            }
            return InMemoryTransport.openAnsweringCloses(notYetOpen.session());
        });
        container.stop();
        assertEquals(1001, transport.closeCodeSent());
        assertTrue(((dev.wsengine.session.WsSession) r.session()).isClosed(),
                "stop() returns once the peer's Close has come back");
        assertEquals(503, handshake(TestUpgradeRequest.to("/x")).status());

        assertEquals(1001, late.get(10, java.util.concurrent.TimeUnit.SECONDS).closeCodeSent());
        assertTrue(((dev.wsengine.session.WsSession) notYetOpen.session()).isClosed(),
                "stop() returns once the late session's close handshake is over too");
    }

    @Test
    void aSessionLeavesTheUnopenedSetWhenItOpens() throws Exception {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x"));
        assertTrue(container.unopened().contains((Session) r.session()), "stop() must find it before it opens");
        InMemoryTransport.openAnsweringCloses(r.session());
        assertFalse(container.unopened().contains((Session) r.session()),
                "open, it is among the endpoint's open sessions; kept here too, the set would grow with every handshake");
        assertEquals(java.util.Set.of(r.session()), container.openSessions());
    }

    @Test
    void aQueryWithCharactersBrowsersLeaveUnencodedStillGivesARequestUri() throws Exception {
        deploy("/x", List.of());
        HandshakeResult r = handshake(TestUpgradeRequest.to("/x").query("f={a}|b"));
        assertTrue(r.accepted(), r.message());
        Session session = (Session) r.session();
        assertEquals("f={a}|b", session.getRequestURI().getQuery());
        assertEquals("f=%7Ba%7D%7Cb", session.getRequestURI().getRawQuery());
        assertEquals("f={a}|b", session.getQueryString());
    }

    @Test
    void programmaticUpgradeHandshakesAConfigThatIsNotDeployed() throws DeploymentException {
        Scripted configurator = new Scripted();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Recorder.class, "/fc/{id}")
                .configurator(configurator).build();
        HandshakeResult r = container.handshake(TestUpgradeRequest.to("/anything"), config, Map.of("id", "7"));
        assertTrue(r.accepted(), r.message());
        Session s = (Session) r.session();
        assertEquals(Map.of("id", "7"), s.getPathParameters());
        assertNull(container.match("/fc/7"), "the programmatic upgrade deploys nothing");
    }
}
