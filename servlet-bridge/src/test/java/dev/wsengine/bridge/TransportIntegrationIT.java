package dev.wsengine.bridge;

import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection switches and transports on real containers, below the WebSocket protocol: raw
 * bytes echoed by a handler that blocks on every write, as an application's blocking send does.
 * {@code /raw} takes the switch the bridge picks (Jetty's own on Jetty), {@code /portable} always
 * takes the servlet upgrade.
 */
class TransportIntegrationIT {

    private static final Map<EmbeddedServer.Kind, EmbeddedServer> SERVERS = new EnumMap<>(EmbeddedServer.Kind.class);
    private static final BlockingQueue<BlockingEchoHandler> HANDLERS = new LinkedBlockingQueue<>();
    private static ConnectionThreads threads;
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void startServers() throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        threads = ConnectionThreads.create("test-io", 16, TransportIntegrationIT.class.getClassLoader(), timer);
        ConnectionSwitches chooser = ConnectionSwitches.create(threads, 64L << 20, timer);
        PortableSwitch portable = new PortableSwitch(threads, 64L << 20, timer);
        for (EmbeddedServer.Kind kind : EmbeddedServer.kinds().toList()) {
            EmbeddedServer server = kind.create().with((classes, context) -> {
                context.addServlet("raw", new RawSwitchServlet(chooser::forRequest, TransportIntegrationIT::newHandler))
                        .addMapping("/raw");
                context.addServlet("portable", new RawSwitchServlet(request -> portable, TransportIntegrationIT::newHandler))
                        .addMapping("/portable");
            });
            SERVERS.put(kind, server.start());
        }
    }

    private static BlockingEchoHandler newHandler() {
        BlockingEchoHandler handler = new BlockingEchoHandler();
        HANDLERS.add(handler);
        return handler;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
        threads.stop(java.time.Duration.ZERO);
        timer.shutdownNow();
    }

    private static RawSocket upgrade(EmbeddedServer.Kind kind, String path, byte[] pipelined) throws Exception {
        HANDLERS.clear();
        EmbeddedServer server = SERVERS.get(kind);
        RawSocket client = RawSocket.connect(server.port());
        client.sendRaw("GET " + EmbeddedServer.CONTEXT + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: raw-echo\r\nConnection: Upgrade\r\n\r\n", pipelined);
        HttpHead head = client.readHead();
        assertEquals(101, head.status(), head.text());
        return client;
    }

    private static BlockingEchoHandler handler() throws InterruptedException {
        BlockingEchoHandler handler = HANDLERS.poll(10, TimeUnit.SECONDS);
        assertNotNull(handler, "no handler was created");
        return handler;
    }

    private static void assertCleanlyFinished(BlockingEchoHandler handler) throws InterruptedException {
        assertTrue(handler.closed.await(10, TimeUnit.SECONDS), "onClosed was not called");
        assertEquals(1, handler.opens.get(), "onOpen calls");
        assertEquals(1, handler.closes.get(), "onClosed calls");
        assertTrue(handler.problems.isEmpty(), handler.problems.toString());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void echoesBytesTheClientSendsAfterReadingThe101(EmbeddedServer.Kind kind) throws Exception {
        for (String path : new String[] {"/raw", "/portable"}) {
            if (kind == EmbeddedServer.Kind.JETTY && path.equals("/portable")) {
                continue; // Jetty's portable upgrade loses these: JettyPortableUpgradeDefectIT
            }
            try (RawSocket client = upgrade(kind, path, new byte[0])) {
                client.send("hello".getBytes(US_ASCII));
                assertEquals("hello", new String(client.readExactly(5), US_ASCII), path);
                BlockingEchoHandler handler = handler();
                client.send("Q".getBytes(US_ASCII));
                assertCleanlyFinished(handler);
                assertServerClosedTheSocket(client, path);
            }
        }
    }

    /**
     * Tomcat closes an upgraded socket only when one of its own threads finds both streams closed
     * after an event for that socket, and {@code WebConnection.close()} from any other thread
     * creates no event: so the socket goes once the client sends anything more, as a WebSocket
     * client does when it answers the server's Close or closes its side. Jetty closes at once.
     */
    private static void assertServerClosedTheSocket(RawSocket client, String what) throws Exception {
        try {
            client.send(new byte[] {'.'});
        } catch (java.io.IOException alreadyReset) {
            return;
        }
        assertTrue(client.closedByPeerWithin(10_000), "the server did not close the socket of " + what);
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void deliversBytesThatCameInTheSamePacketAsTheRequest(EmbeddedServer.Kind kind) throws Exception {
        try (RawSocket client = upgrade(kind, "/raw", "early".getBytes(US_ASCII))) {
            assertEquals("early", new String(client.readExactly(5), US_ASCII));
            client.send("late".getBytes(US_ASCII));
            assertEquals("late", new String(client.readExactly(4), US_ASCII));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void echoesFourMebibytesInOrderWhileTheHandlerBlocksOnEveryWrite(EmbeddedServer.Kind kind) throws Exception {
        byte[] payload = new byte[4 << 20];
        new Random(42).nextBytes(payload);
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 'Q') {
                payload[i] = 'q';
            }
        }
        try (RawSocket client = upgrade(kind, "/raw", new byte[0])) {
            BlockingEchoHandler handler = handler();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    for (int off = 0; off < payload.length; off += 100_000) {
                        client.send(java.util.Arrays.copyOfRange(payload, off, Math.min(payload.length, off + 100_000)));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] echoed = client.readExactly(payload.length);
            sent.get(30, TimeUnit.SECONDS);
            assertArrayEquals(payload, echoed);
            assertTrue(handler.problems.isEmpty(), handler.problems.toString());
            if (kind != EmbeddedServer.Kind.JETTY) { // the portable transport
                assertTrue(handler.dataThreads.stream().allMatch(name -> name.startsWith("test-io")),
                        "onData ran on a container thread: " + handler.dataThreads);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void reportsOnClosedOnceWhenTheClientDropsTheConnection(EmbeddedServer.Kind kind) throws Exception {
        RawSocket client = upgrade(kind, "/raw", new byte[0]);
        BlockingEchoHandler handler = handler();
        client.send("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals("x", new String(client.readExactly(1), US_ASCII));
        client.abort();
        assertCleanlyFinished(handler);
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void closesTheConnectionWhenTheHandlerAsksAfterFlushingWhatItWrote(EmbeddedServer.Kind kind) throws Exception {
        try (RawSocket client = upgrade(kind, "/raw", new byte[0])) {
            BlockingEchoHandler handler = handler();
            client.send("abcQ".getBytes(US_ASCII));
            assertEquals("abc", new String(client.readExactly(3), US_ASCII));
            assertCleanlyFinished(handler);
            assertEquals(null, handler.closeCause);
            assertServerClosedTheSocket(client, "the closed connection");
        }
    }
}
