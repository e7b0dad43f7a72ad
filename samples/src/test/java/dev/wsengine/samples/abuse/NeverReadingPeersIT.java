package dev.wsengine.samples.abuse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that send big messages to {@code /echo} and never read the echo, against the packaged
 * server with its default send limits (20 s write timeout). Before the fixes, 200 such peers with
 * 1 MiB each made a fresh client wait 4.9 s for its handshake and 14.4 s for its echo, held 416 MB
 * of heap and 200 MB of direct memory, and ended in resets without a Close; 40 at 16 MiB exhausted
 * direct memory. Now a fresh client is served at once, memory comes back, and the peers find the
 * rest of their echo, a Close 1008 and a FIN once they look.
 */
class NeverReadingPeersIT {

    private static final int HEAP_MB = 512;
    private static final long WRITE_TIMEOUT_MS = 20_000;
    /**
     * Direct memory the server may keep once the peers are gone: the sample caps the JDK's
     * per-thread copies of written heap buffers at 16 KiB, so what stays is our pool of small-frame
     * slabs and Jetty's pooled buffers (0.5 MB here, 1.1 MB at most after 200 such peers). Without
     * the cap, 4.2 MB stayed here, and 9 to 14 MB after 200 peers, for as long as Jetty's threads lived.
     */
    private static final long DIRECT_LEFT = 2L << 20;
    /**
     * When the peers start reading: after the write timeout and within the close timeout (5 s) after
     * it. Read later, a peer finds a cut echo and a FIN (the close timeout passed); read at 23 s, 2 of
     * 8 peers at 16 MiB had not yet been judged, and their reading was the progress that saved them.
     */
    private static final long READ_AFTER_MS = WRITE_TIMEOUT_MS + 2_500;
    private static final String CLOSED = "echo, Close 1008, FIN";
    /** On loopback the kernel takes up to 4 MiB per connection: a 1 MiB echo fits there whole, and nothing waits. */
    private static final String ALL_IN_KERNEL = "echo, nothing more (timeout)";
    /** A session shed for the container's buffer budget: its Close 1013, or its connection cut. */
    private static final List<String> OVER_BUDGET = List.of("Close 1013, FIN", "echo, Close 1013, FIN",
            "FIN without Close", "short echo, FIN without Close", "RST", "short echo, RST");

    private SampleProcess server;
    private ExecutorService peers;

    @BeforeEach
    void start() throws Exception {
        server = SampleProcess.start(HEAP_MB);
    }

    @AfterEach
    void stop() throws Exception {
        if (peers != null) {
            peers.shutdownNow();
        }
        server.close();
    }

    @ParameterizedTest(name = "{0}: peers sending {3} bytes")
    @CsvSource({"peers1MiB, 60, 200, 1048576, false", "peers16MiB, 8, 40, 16777216, true"})
    void peersThatNeverReadAreClosedAndStarveNobody(String name, int ci, int full, int size, boolean overKernelBuffers)
            throws Exception {
        int count = Scale.count(name, ci, full);
        int port = server.port();
        FreshClient.echo(port, 30);
        long heapBefore = server.liveHeap();
        long directBefore = server.direct();

        byte[] message = new byte[size];
        peers = Executors.newFixedThreadPool(count);
        CountDownLatch sent = new CountDownLatch(count);
        List<Future<String>> endings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            endings.add(peers.submit(() -> neverReading(port, message, sent)));
        }
        AtomicLong heapPeak = new AtomicLong();
        AtomicLong directPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    heapPeak.accumulateAndGet(server.heapNow(), Math::max);
                    directPeak.accumulateAndGet(server.direct(), Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception serverGone) {
                    return;
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();

        assertTrue(sent.await(120, TimeUnit.SECONDS), "every peer's message was taken by the server");
        FreshClient.Served served = FreshClient.echo(port, 30);

        Map<String, Integer> found = new TreeMap<>();
        for (Future<String> f : endings) {
            found.merge(f.get(READ_AFTER_MS + 60_000, TimeUnit.MILLISECONDS), 1, Integer::sum);
        }
        sampler.interrupt();
        long directAfter = settledDirect(directBefore);
        long heapAfter = server.liveHeap();
        System.out.printf("%s, %d peers: fresh client %s; heap %d MB live before, %d MB peak seen, %d MB live after;"
                        + " direct %d KB before, %d KB peak, %d KB after; peers found %s%n", name, count, served,
                heapBefore >> 20, heapPeak.get() >> 20, heapAfter >> 20, directBefore >> 10, directPeak.get() >> 10,
                directAfter >> 10, found);

        assertTrue(server.isAlive(), "the server died: " + server.output());
        assertTrue(served.totalMs() < 5_000, "a fresh client while " + count + " peers do not read: " + served);
        List<String> expected = new ArrayList<>(List.of(CLOSED, ALL_IN_KERNEL));
        if (overKernelBuffers) {
            // 8 × 16 MiB echoes and their messages pass the default buffer budget (a quarter of
            // 512 MB): the sessions holding the most are closed with 1013, and cut if they do not read it.
            expected.addAll(OVER_BUDGET);
        }
        assertTrue(expected.containsAll(found.keySet()), "what the peers found once they read (the whole echo,"
                + " then the Close 1008 and a FIN, or nothing when reading saved them; past the budget, 1013"
                + " or a cut): " + found);
        if (overKernelBuffers) {
            assertTrue(found.getOrDefault(CLOSED, 0) > 0, "echoes larger than the kernel's buffers stall: " + found);
        }
        assertTrue(directAfter - directBefore < DIRECT_LEFT, "direct memory back near " + (directBefore >> 10)
                + " KB: " + (directAfter >> 10) + " KB");
        assertTrue(heapAfter - heapBefore < 16L << 20, "heap back near " + (heapBefore >> 20) + " MB: "
                + (heapAfter >> 20) + " MB");
    }

    /** Sends one message, waits past the write timeout without reading, then reads what is there. */
    private static String neverReading(int port, byte[] message, CountDownLatch sent) throws Exception {
        boolean counted = false;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(dev.wsengine.testsupport.RawSocket.webSocketRequest("/echo", port).getBytes(StandardCharsets.ISO_8859_1));
            String status = dev.wsengine.testsupport.HttpHead.read(in).startLine();
            if (!status.startsWith("HTTP/1.1 101")) {
                return "refused: " + status;
            }
            out.write(dev.wsengine.testsupport.RawFrame.of(dev.wsengine.testsupport.RawFrame.BINARY).payload(message).bytes());
            out.flush();
            sent.countDown();
            counted = true;
            Thread.sleep(READ_AFTER_MS);
            socket.setSoTimeout(5_000);
            return drain(in, message.length);
        } catch (IOException e) {
            return "failed before reading: " + e.getClass().getSimpleName();
        } finally {
            if (!counted) {
                sent.countDown();
            }
        }
    }

    private static String drain(InputStream in, int size) {
        StringBuilder seen = new StringBuilder();
        try {
            while (true) {
                var frame = dev.wsengine.testsupport.RawFrame.read(in, 1L << 25);
                if (frame.opcode() == 0x2) {
                    seen.append(frame.payload().length == size ? "echo, " : "short echo, ");
                } else if (frame.opcode() == 0x8) {
                    seen.append("Close ").append(frame.closeCode()).append(", ");
                    return seen.append(in.read() < 0 ? "FIN" : "more bytes").toString();
                }
            }
        } catch (SocketTimeoutException e) {
            return seen.append("nothing more (timeout)").toString();
        } catch (EOFException e) {
            return seen.append("FIN without Close").toString();
        } catch (SocketException e) {
            return seen.append("RST").toString();
        } catch (IOException e) {
            return seen.append(e).toString();
        }
    }

    /** Direct memory once it stops falling (up to 10 s). */
    private long settledDirect(long baseline) throws Exception {
        long now = server.direct();
        for (int i = 0; i < 50 && now - baseline >= DIRECT_LEFT; i++) {
            Thread.sleep(200);
            now = server.direct();
        }
        return now;
    }
}
