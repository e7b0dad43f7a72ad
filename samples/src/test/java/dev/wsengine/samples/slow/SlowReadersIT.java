package dev.wsengine.samples.slow;

import dev.wsengine.samples.SampleServer;
import dev.wsengine.settings.SendLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that send a 1 MiB message to the samples' {@code /echo} and do not read the echo must
 * neither starve a fresh client nor keep memory: the fresh client's echoes come back quickly, the
 * slow peers are closed with 1008 (seen once they look, behind the rest of their echo) and a FIN,
 * and direct memory comes back near where it was. {@link SlowReadersLoad} is the bigger,
 * measuring version of this check.
 */
class SlowReadersIT {

    private static final int SLOW_PEERS = 60;
    private static final int MESSAGE = 1 << 20;
    private static final long WRITE_TIMEOUT_MS = 2_000;
    /** When the slow peers start reading: after the write timeout, within the close timeout (5 s) after it. */
    private static final long READ_AFTER_MS = WRITE_TIMEOUT_MS + 2_500;
    private static final int WINDOW = 64 * 1024;
    private static final long DIRECT_SLACK = 16L << 20;

    private SampleServer server;
    private ExecutorService peers;

    @BeforeEach
    void start() throws Exception {
        server = new SampleServer("127.0.0.1", 0);
        // Small socket buffers on both sides: on loopback the kernel would otherwise take in a
        // megabyte per connection, which across a network sits in the server's queue instead.
        server.connector().setAcceptedSendBufferSize(WINDOW);
        server.start();
        server.container().setSendLimits(SendLimits.builder().writeTimeoutMs(WRITE_TIMEOUT_MS).build());
        peers = Executors.newFixedThreadPool(SLOW_PEERS);
    }

    @AfterEach
    void stop() throws Exception {
        peers.shutdownNow();
        server.stop();
    }

    @Test
    void peersThatDoNotReadAreClosedWith1008AndStarveNobody() throws Exception {
        int port = server.port();
        SlowReadersLoad.echoes(port, 5, new long[1]); // warm up, so the baseline holds what any echo needs
        long directBaseline = SlowReadersLoad.direct();

        byte[] message = new byte[MESSAGE];
        CountDownLatch sent = new CountDownLatch(SLOW_PEERS);
        List<Future<RawPeer.Ending>> endings = new ArrayList<>();
        for (int i = 0; i < SLOW_PEERS; i++) {
            endings.add(peers.submit(() -> {
                try (RawPeer peer = RawPeer.open(port, "/echo", 20_000, WINDOW)) {
                    peer.sendFrame(0x2, message);
                    sent.countDown();
                    Thread.sleep(READ_AFTER_MS);
                    peer.socket.setSoTimeout(15_000);
                    return peer.drain();
                }
            }));
        }
        assertTrue(sent.await(30, TimeUnit.SECONDS), "every slow peer's message was read by the server");

        long[] handshakeMs = new long[1];
        double[] echoes = SlowReadersLoad.echoes(port, 20, handshakeMs);
        double slowest = SlowReadersLoad.pct(echoes, 100);
        assertTrue(handshakeMs[0] + slowest < 2_000, "a fresh client is served while " + SLOW_PEERS
                + " peers do not read: handshake " + handshakeMs[0] + " ms, slowest echo " + slowest + " ms");

        for (Future<RawPeer.Ending> f : endings) {
            RawPeer.Ending end = f.get(40, TimeUnit.SECONDS);
            assertEquals(1008, end.closeCode(), "what a slow peer found: " + end);
            assertTrue(end.reason().startsWith("Peer not reading"), end.reason());
            assertEquals("FIN", end.tcp(), "TCP ends without a reset: " + end);
            assertEquals(MESSAGE + 2 + end.reason().length(), end.payloadBytes(),
                    "the echo being written was finished before the Close: " + end);
        }

        // What may stay: the JDK's per-thread copy of one write slice (64 KiB) for each of Jetty's
        // 200 threads, 12.5 MiB at most. Writes of whole echoes left 1 MiB per thread that wrote one.
        long directAfter = directSettled(directBaseline);
        assertTrue(directAfter - directBaseline < DIRECT_SLACK, "direct memory back near its baseline of "
                + directBaseline / 1024 + " KB: " + directAfter / 1024 + " KB");
    }

    /** Direct memory once it stopped falling (up to 5 s): freed buffers go with their threads' caches. */
    private static long directSettled(long baseline) throws InterruptedException {
        long now = SlowReadersLoad.direct();
        for (int i = 0; i < 50 && now - baseline >= DIRECT_SLACK; i++) {
            Thread.sleep(100);
            now = SlowReadersLoad.direct();
        }
        return now;
    }
}
