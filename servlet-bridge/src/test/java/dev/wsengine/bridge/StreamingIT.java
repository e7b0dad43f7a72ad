package dev.wsengine.bridge;

import dev.wsengine.framing.Opcode;
import dev.wsengine.session.WsSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binary messages received through an {@code InputStream} while they arrive, on every container:
 * a large message, a reader far behind its sender, a connection lost in the middle of a message.
 * {@link StreamingSmallHeapIT} sends a gibibyte into a 64 MiB heap.
 */
class StreamingIT {

    /** The engine's window per streamed message (StreamedMessage.WINDOW). */
    private static final int WINDOW = 64 * 1024;
    /** What one transport read may add past the window before the parser stops. */
    private static final int ONE_READ = 64 * 1024;
    private static final int FRAGMENT = 64 * 1024;

    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();

    private static EmbeddedServer server(String container) throws Exception {
        EmbeddedServer server = SERVERS.get(container);
        if (server == null) {
            server = EmbeddedServer.start(container, StreamingEndpoints.Count.class,
                    StreamingEndpoints.Slow.class, StreamingEndpoints.Drop.class);
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
        StreamingEndpoints.EVENTS.clear();
        StreamingEndpoints.slowGate = new CountDownLatch(1);
        StreamingEndpoints.slowSession = null;
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aLargeMessageStreamsOnEveryContainer(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/count"));
        long size = 32L << 20;
        String crc = send(client, size);
        String reply = client.next();
        assertTrue(reply.startsWith("text " + size + " " + crc + " "), reply);
        client.socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    /**
     * A reader that does not read: the engine holds a window of the message and no more, the
     * connection is no longer read, and the sender's writes stop completing until the reader reads.
     * On Tomcat and Undertow the portable transport pauses the container's reading, and the
     * container does not dispatch the paused connection again (no spin) until it resumes.
     */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aReaderFarBehindHoldsOneWindowWhileTheSenderWaits(String container) throws Exception {
        JdkClient client = JdkClient.connect(server(container).ws("/slow"));
        long size = 16L << 20;
        CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return send(client, size);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("slow started", StreamingEndpoints.EVENTS.poll(10, TimeUnit.SECONDS));
        WsSession session = (WsSession) StreamingEndpoints.slowSession;
        waitUntil(() -> session.heldInboundBytes() >= WINDOW);
        Thread.sleep(200); // let the reading stop: what was read before the pause reaches the parser
        long pausesBefore = TransportProbe.pauses(session);
        List<Long> held = new ArrayList<>();
        List<Long> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(session.heldInboundBytes());
            backlog.add(TransportProbe.backlogBytes(session));
            Thread.sleep(25);
        }
        assertTrue(held.stream().allMatch(h -> h <= WINDOW + ONE_READ), "held " + held);
        assertTrue(backlog.stream().allMatch(b -> b <= ONE_READ), "queued in the transport " + backlog);
        assertFalse(sent.isDone(), "the sender finished 16 MiB while the reader read nothing");
        if (!container.equals("jetty")) {
            assertTrue(pausesBefore >= 1, "the portable transport never paused");
            assertEquals(pausesBefore, TransportProbe.pauses(session), "the paused connection was dispatched again");
        }
        StreamingEndpoints.slowGate.countDown();
        String crc = sent.get(60, TimeUnit.SECONDS);
        assertEquals("text " + size + " " + crc, client.next());
        client.socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    /** The reader throws IOException, which goes to @OnError; @OnClose runs once, with 1006. */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aConnectionLostInTheMiddleOfAMessageFailsTheStreamAndClosesOnce(String container) throws Exception {
        RawClient client = RawClient.upgrade(server(container).ws("/drop"));
        assertEquals(101, client.status);
        client.send(RawClient.clientFrame(Opcode.BINARY, false, new byte[1000]));
        assertEquals("stream started", StreamingEndpoints.EVENTS.poll(10, TimeUnit.SECONDS));
        client.close();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String event = StreamingEndpoints.EVENTS.poll(10, TimeUnit.SECONDS);
            assertTrue(event != null, "events so far " + events);
            events.add(event);
        }
        assertTrue(events.containsAll(List.of("stream threw IOException", "error IOException", "close 1006")),
                events.toString());
        assertNull(StreamingEndpoints.EVENTS.poll(300, TimeUnit.MILLISECONDS), "a further event after " + events);
    }

    /** Sends {@code size} pseudo-random bytes as one binary message of 64 KiB fragments; returns their CRC-32 in hex. */
    static String send(JdkClient client, long size) throws Exception {
        CRC32 crc = new CRC32();
        byte[] fragment = new byte[FRAGMENT];
        long state = 0x9E3779B97F4A7C15L;
        for (long sent = 0; sent < size; ) {
            int n = (int) Math.min(FRAGMENT, size - sent);
            ByteBuffer fill = ByteBuffer.wrap(fragment);
            while (fill.remaining() >= 8) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                fill.putLong(state);
            }
            crc.update(fragment, 0, n);
            sent += n;
            client.socket.sendBinary(ByteBuffer.wrap(fragment, 0, n), sent == size).get(120, TimeUnit.SECONDS);
        }
        return Long.toHexString(crc.getValue());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
