package dev.wsengine.bridge;

import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server side end to end, over real sockets, on Jetty 12.1, Tomcat 11 and Undertow 2.3. */
class ServerIntegrationIT {

    private static final Class<?>[] ENDPOINTS = {
            TestEndpoints.Echo.class, TestEndpoints.Rooms.class, TestEndpoints.Lobby.class,
            TestEndpoints.Watch.class, TestEndpoints.Guarded.class, TestEndpoints.Burst.class,
            TestEndpoints.Closer.class};

    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();

    private static EmbeddedServer server(String container) throws Exception {
        EmbeddedServer server = SERVERS.get(container);
        if (server == null) {
            server = EmbeddedServer.start(container, ENDPOINTS);
            SERVERS.put(container, server);
        }
        return server;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
    }

    @BeforeEach
    void forgetEvents() {
        TestEndpoints.EVENTS.clear();
    }

    private static String nextEvent() throws InterruptedException {
        String event = TestEndpoints.EVENTS.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No endpoint event within 10 s");
        }
        return event;
    }

    /** The next event of one endpoint, skipping what the others report meanwhile. */
    private static String nextEvent(String prefix) throws InterruptedException {
        while (true) {
            String event = nextEvent();
            if (event.startsWith(prefix)) {
                return event;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void echoesTextAndLargeBinaryMessages(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/echo"));
        client.socket.sendText("héllo wörld", true).get(5, TimeUnit.SECONDS);
        assertEquals("text héllo wörld", client.next());
        byte[] large = new byte[300_000];
        new Random(1).nextBytes(large);
        client.socket.sendBinary(ByteBuffer.wrap(large), true).get(5, TimeUnit.SECONDS);
        assertEquals("binary 300000 bytes", client.next());
        assertArrayEquals(large, client.binaries.take().array());
        client.socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
        assertEquals("close 1000 ", client.next());
        assertEquals("echo closed 1000", nextEvent());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void negotiatesTheClientsFirstSupportedSubprotocol(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/echo"), "unknown", "superchat", "chat");
        assertEquals("superchat", client.socket.getSubprotocol());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void leavesOtherRequestsToTheApplication(String container) throws Exception {
        EmbeddedServer server = server(container);
        HttpResponse<String> plain = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.http("/echo")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, plain.statusCode());
        assertEquals("plain servlet", plain.body());
        try (RawClient unknownPath = RawClient.upgrade(server.ws("/no-endpoint-here"))) {
            assertEquals(200, unknownPath.status);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void answersTheHandshakeLikeTheRfc(String container) throws Exception {
        try (RawClient client = RawClient.handshake(server(container).ws("/guarded"), "GET", "Upgrade: websocket",
                "Connection: keep-alive, Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY,
                "Sec-WebSocket-Version: 13", "Origin: http://good.example")) {
            assertEquals(101, client.status);
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", client.headers.get("sec-websocket-accept"));
            assertEquals("websocket", client.headers.get("upgrade").toLowerCase());
            assertEquals("modified", client.headers.get("x-handshake"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void refusesBadHandshakesWithTheirStatus(String container) throws Exception {
        EmbeddedServer server = server(container);
        try (RawClient noKey = RawClient.handshake(server.ws("/echo"), "GET", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Version: 13")) {
            assertEquals(400, noKey.status);
        }
        try (RawClient version8 = RawClient.handshake(server.ws("/echo"), "GET", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 8")) {
            assertEquals(426, version8.status);
            assertEquals("13", version8.headers.get("sec-websocket-version"));
        }
        try (RawClient badOrigin = RawClient.handshake(server.ws("/guarded"), "GET", "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 13",
                "Origin: http://evil.example")) {
            assertEquals(403, badOrigin.status);
        }
        assertNull(TestEndpoints.EVENTS.poll(), "no refused handshake reaches an endpoint");
    }

    /** A query the container cannot decode is the client's mistake: 400, not the 500 of an exception. */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void anUndecodableQueryIsNeverAServerError(String container) throws Exception {
        EmbeddedServer server = server(container);
        for (String query : List.of("%zz", "%FF", "name=%E0%80")) {
            try (RawSocket socket = RawSocket.connect(server.port())) {
                socket.sendRaw(RawSocket.webSocketRequest(server.ws("/echo").getRawPath() + "?" + query, server.port()), new byte[0]);
                assertEquals(400, socket.readHead().status(), query);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void failsProtocolViolationsWithTheRightCloseCode(String container) throws Exception {
        EmbeddedServer server = server(container);
        try (RawClient client = RawClient.upgrade(server.ws("/echo"))) {
            client.send(new byte[] {(byte) 0x81, 0x01, 'x'}); // unmasked
            assertEquals(1002, client.readUntilClose());
            assertTrue(client.serverClosesConnection());
        }
        try (RawClient client = RawClient.upgrade(server.ws("/echo"))) {
            client.send(RawClient.clientFrame(Opcode.TEXT, true, new byte[] {'o', (byte) 0xC0, (byte) 0x80}));
            assertEquals(1007, client.readUntilClose());
        }
        try (RawClient client = RawClient.upgrade(server.ws("/watch"))) {
            assertEquals("watch open", nextEvent("watch"));
            client.send(RawClient.clientFrame(Opcode.TEXT, true, "far more than sixteen bytes".getBytes()));
            assertEquals(1009, client.readUntilClose());
            assertEquals("watch error ProtocolViolation", nextEvent("watch"));
            assertEquals("watch closed 1009", nextEvent("watch"));
        }
    }

    /**
     * RFC 6455, 7.1.1: once the close handshake is over the server closes TCP first. Tomcat closes
     * an upgraded socket only on an event of its own, which the bridge raises
     * ({@code TomcatHooks}); without it the socket stayed open until the client's FIN.
     * Each kind of close, many times over: the server-initiated one answered by the client, the
     * client-initiated one, and a connection failed for a protocol violation.
     */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void closesTcpRightAfterEveryKindOfCloseHandshake(String container) throws Exception {
        EmbeddedServer server = server(container);
        byte[] normalClose = {0x03, (byte) 0xE8};
        for (int round = 0; round < 25; round++) {
            try (RawClient client = RawClient.upgrade(server.ws("/closer"))) {
                client.send(RawClient.clientFrame(Opcode.TEXT, true, "bye".getBytes(StandardCharsets.UTF_8)));
                assertEquals(1000, client.readUntilClose());
                client.send(RawClient.clientFrame(Opcode.CLOSE, true, normalClose));
                assertServerClosesWithin(client, "server-initiated close, round " + round);
            }
            try (RawClient client = RawClient.upgrade(server.ws("/echo"))) {
                client.send(RawClient.clientFrame(Opcode.CLOSE, true, normalClose));
                assertEquals(1000, client.readUntilClose());
                assertServerClosesWithin(client, "client-initiated close, round " + round);
            }
            // Each /echo session's onClose, before the next: none may reach a later test's events.
            assertEquals("echo closed 1000", nextEvent("echo"), "client-initiated close, round " + round);
            try (RawClient client = RawClient.upgrade(server.ws("/echo"))) {
                client.send(new byte[] {(byte) 0x81, 0x01, 'x'}); // unmasked
                assertEquals(1002, client.readUntilClose());
                assertServerClosesWithin(client, "failed connection, round " + round);
            }
            assertEquals("echo closed 1002", nextEvent("echo"), "failed connection, round " + round);
        }
    }

    /**
     * A connection failed while the peer is still writing: a message refused at its header (1009)
     * while the client streams the payload. A socket closed with unread input makes the kernel
     * answer with a reset, which can destroy the Close before the client reads it; the server
     * shuts its output first and drains, so the client reads the Close and then a clean FIN.
     */
    @ParameterizedTest(allowZeroInvocations = true) // the run on Undertow alone has none
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#lingeringContainers")
    void aPeerStillSendingReadsTheCloseThenAFin(String container) throws Exception {
        EmbeddedServer server = server(container);
        byte[] header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                .putLong(64L << 20).putInt(0).array(); // a 64 MiB text frame (NUL bytes), mask key 0
        for (int round = 0; round < 5; round++) {
            try (RawClient client = RawClient.upgrade(server.ws("/watch"))) {
                assertEquals("watch open", nextEvent("watch"));
                AtomicBoolean closeSeen = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        client.send(header);
                        // 16 MiB at most: below the portable transport's 64 MiB backlog, so a
                        // server slow to parse the header still answers 1009, not the backlog's 1008.
                        for (int i = 0; i < 256 && !closeSeen.get(); i++) {
                            client.send(chunk);
                        }
                    } catch (IOException serverGone) {
                        // the server stopped reading: what the reads below judge
                    }
                }, "payload-writer");
                writer.start();
                assertEquals(1009, client.readUntilClose(), "round " + round);
                closeSeen.set(true);
                writer.join(10_000);
                assertTrue(client.serverSendsFinWithin(5_000), "no FIN after the Close, round " + round);
                assertEquals("watch error ProtocolViolation", nextEvent("watch"));
                assertEquals("watch closed 1009", nextEvent("watch"));
            }
        }
    }

    /** The bound is generous for a loaded machine; the failure it catches is a socket left open for good. */
    private static void assertServerClosesWithin(RawClient client, String what) throws IOException {
        assertTrue(client.serverClosesConnectionWithin(3_000), "the server closes TCP after the " + what);
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aDroppedConnectionReportsAbnormalCloseOnce(String container) throws Exception {
        RawClient client = RawClient.upgrade(server(container).ws("/watch"));
        assertEquals("watch open", nextEvent("watch"));
        client.close();
        assertEquals("watch closed 1006", nextEvent("watch"));
        Thread.sleep(300);
        assertTrue(TestEndpoints.EVENTS.stream().noneMatch(e -> e.startsWith("watch")), "onClose runs once");
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void idleTimeoutClosesWith1001OnTheWireAnd1006Locally(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/watch"));
        assertEquals("watch open", nextEvent("watch"));
        client.socket.sendText("idle", true);
        assertEquals("watch text idle", nextEvent("watch"));
        assertTrue(client.next().startsWith("close 1001"));
        assertEquals("watch closed 1006", nextEvent("watch"));
    }

    /**
     * Replies of up to 1 KiB go out from direct buffers the sessions share through a pool: with many
     * connections echoing at once, each must still get exactly its own bytes, in order.
     */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void manyConnectionsEchoingAtOnceEachGetTheirOwnBytes(String container) throws Exception {
        int clients = 12;
        int messages = 250;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                runs.add(pool.submit(() -> {
                    JdkClient client = JdkClient.connect(server(container).ws("/echo"));
                    List<String> sent = new ArrayList<>();
                    for (int i = 0; i < messages; i++) {
                        // 1 to 1,300 bytes: both sides of the 1,024-byte payload the pooled buffers hold.
                        String text = ("c" + id + "-" + i + ":" + String.valueOf((char) ('a' + id)).repeat(1300))
                                .substring(0, 1 + (i * 37 + id * 101) % 1300);
                        sent.add(text);
                        client.socket.sendText(text, true).get(5, TimeUnit.SECONDS);
                    }
                    for (String text : sent) {
                        assertEquals("text " + text, client.next());
                    }
                    client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void sendsFromManyThreadsNeverInterleave(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/burst"));
        client.socket.sendText("50", true);
        Set<String> received = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            received.add(client.next());
        }
        assertEquals(400, received.size());
        assertTrue(received.stream().allMatch(e -> e.startsWith("text t")));
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void matchesTemplatesWithLiteralSegmentsFirst(String container) throws Exception {
        EmbeddedServer server = server(container);
        JdkClient rooms = JdkClient.connect(server.ws("/rooms/blue/users/7?x=1"));
        assertEquals("text blue/7?x=1 open=1", rooms.next());
        JdkClient lobby = JdkClient.connect(server.ws("/rooms/lobby/users/ann"));
        assertEquals("text lobby ann", lobby.next());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aServletCanUpgradeARequestItself(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/manual"));
        client.socket.sendText("hi", true);
        assertEquals("text manual: hi {who=servlet}", client.next());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void stoppingTheWebApplicationClosesSessionsWith1001(String container) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(container, ENDPOINTS)) {
            JdkClient client = JdkClient.connect(server.ws("/echo"));
            server.stopWebApp();
            assertTrue(client.next().startsWith("close 1001"));
        }
    }

    // Where the portable transport runs, it delivers on our threads (Jetty's switch uses Jetty's).
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#portableContainers")
    void stoppingTheWebApplicationLeavesNoneOfOurThreadsRunning(String container) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(container, ENDPOINTS)) {
            JdkClient client = JdkClient.connect(server.ws("/echo"));
            client.socket.sendText("hi", true);
            assertTrue(client.next().startsWith("text"));
            // The shared servers' applications have the same context path, hence the same thread
            // names, and may make threads at any moment; only this application's loader tells ours.
            ClassLoader application = server.applicationClassLoader();
            assertNotSame(getClass().getClassLoader(), application, "each application has a loader of its own");
            List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("wsengine-io" + EmbeddedServer.CONTEXT.replace('/', '-') + "-"))
                    .filter(t -> t.getContextClassLoader() == application)
                    .toList();
            assertFalse(ours.isEmpty(), "the messages were delivered on our connection threads");

            server.stopWebApp();

            // Tomcat looks for threads an application left running right after its listeners ran.
            ours.forEach(t -> assertFalse(t.isAlive(), t.getName() + " outlived its web application"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void bytesSentRightAfterTheRequestAreNotLost(String container) throws Exception {
        byte[] frame = RawClient.clientFrame(Opcode.TEXT, true, "early".getBytes(StandardCharsets.UTF_8));
        try (RawClient client = RawClient.upgradeWithEarlyData(server(container).ws("/echo"), frame)) {
            assertEquals(101, client.status);
            assertEquals("early", client.readText());
        }
    }
}
