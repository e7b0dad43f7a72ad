package dev.wsengine.samples.abuse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * More never-reading peers than the container's buffer budget holds, against the packaged server
 * in a JVM of 256 MB, whose budget is then a quarter of it, 64 MiB. Each peer sends 8 MiB to
 * {@code /echo} (more than loopback's socket buffers take, so its echo stays queued) and does not
 * read. Without the budget ({@code --max-buffered-bytes 0}), 24 of them kill that server with
 * OutOfMemoryError; with it, the sessions holding the most are closed with 1013 (and cut when
 * their peer does not read the Close), at most seven echoes stay queued, a fresh client is served
 * meanwhile, and the live heap stays within the budget and a margin.
 */
class BufferBudgetIT {

    private static final int HEAP_MB = 256;
    private static final long BUDGET = (HEAP_MB << 20) / 4L;
    private static final int MESSAGE = 8 << 20;
    /** Echoes of MESSAGE bytes and their header that fit in the budget at once. */
    private static final int KEPT_AT_MOST = (int) (BUDGET / (MESSAGE + 14));
    /** After the close timeout (5 s) every shed session has its TCP closed, if it was not cut earlier. */
    private static final long READ_AFTER_MS = 8_000;
    /** Baseline, the budget, and room for one message being assembled and its copy. */
    private static final long HEAP_MARGIN = 2L * MESSAGE + (8 << 20);

    private SampleProcess server;
    private ExecutorService peers;

    @AfterEach
    void stop() throws Exception {
        if (peers != null) {
            peers.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void peersPastTheBudgetAreShedWith1013AndTheHeapStaysBounded() throws Exception {
        int count = Scale.count("budgetPeers", 24, 100);
        server = SampleProcess.start(HEAP_MB);
        int port = server.port();
        FreshClient.echo(port, 30);
        long heapBefore = server.liveHeap();

        byte[] message = new byte[MESSAGE];
        peers = Executors.newFixedThreadPool(count);
        CountDownLatch sent = new CountDownLatch(count);
        List<Future<String>> endings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            endings.add(peers.submit(() -> neverReading(port, message, sent)));
        }
        AtomicLong heapPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    heapPeak.accumulateAndGet(server.heapNow(), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception serverGone) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        assertTrue(sent.await(120, TimeUnit.SECONDS), "every peer sent its message");
        Thread.sleep(2_000); // the last echoes reach their queues; shed sessions not read are cut after 1 s
        assertTrue(server.isAlive(), "the server died: " + String.join("\n", server.output()));
        FreshClient.Served served = FreshClient.echo(port, 30);
        long heapDuring = server.liveHeap();
        Map<String, Long> drops = server.probe().drops();

        Map<String, Integer> found = new TreeMap<>();
        for (Future<String> f : endings) {
            found.merge(f.get(READ_AFTER_MS + 60_000, TimeUnit.MILLISECONDS), 1, Integer::sum);
        }
        sampler.interrupt();
        long heapAfter = server.liveHeap();
        System.out.printf("%d peers sending %d MiB, budget %d MiB: fresh client %s; live heap %d MB before, %d MB"
                        + " during, %d MB after (%d MB in use at most, garbage too); drops %s; peers found %s%n",
                count, MESSAGE >> 20, BUDGET >> 20, served, heapBefore >> 20, heapDuring >> 20, heapAfter >> 20,
                heapPeak.get() >> 20, drops, found);

        assertTrue(server.isAlive(), "the server died: " + server.output());
        assertTrue(served.totalMs() < 5_000, "a fresh client while " + count + " peers do not read: " + served);
        assertTrue(heapDuring - heapBefore < BUDGET + HEAP_MARGIN, "live heap within the budget ("
                + (BUDGET >> 20) + " MB) and a margin: " + (heapBefore >> 20) + " → " + (heapDuring >> 20) + " MB");
        long shed = drops.getOrDefault("OVERLOAD", 0L);
        assertTrue(shed >= count - KEPT_AT_MOST, "at most " + KEPT_AT_MOST + " of " + count
                + " sessions kept their echo, the others were closed with 1013: " + drops);
        int whole = found.getOrDefault(WHOLE_ECHO, 0);
        assertTrue(whole <= KEPT_AT_MOST, "at most " + KEPT_AT_MOST + " whole echoes: " + found);
        assertTrue(found.keySet().stream().allMatch(e -> e.equals(WHOLE_ECHO) || e.startsWith("ended")),
                "a peer gets its whole echo or its connection ends (Close 1013, FIN or RST): " + found);
        assertTrue(heapAfter - heapBefore < 16L << 20, "heap back near " + (heapBefore >> 20) + " MB: "
                + (heapAfter >> 20) + " MB");
    }

    private static final String WHOLE_ECHO = "whole echo, connection open";

    /** Sends one message, does not read for a while, then reads what is there without keeping it. */
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
            try {
                out.write(dev.wsengine.testsupport.RawFrame.of(dev.wsengine.testsupport.RawFrame.BINARY).payload(message).bytes());
                out.flush();
            } catch (IOException e) {
                return "ended while sending: " + e.getClass().getSimpleName(); // shed while its message arrived
            } finally {
                sent.countDown();
                counted = true;
            }
            Thread.sleep(READ_AFTER_MS);
            socket.setSoTimeout(3_000);
            return drain(new DataInputStream(in), message.length);
        } finally {
            if (!counted) {
                sent.countDown();
            }
        }
    }

    /** What the peer finds, skipping payloads rather than keeping them (a hundred 8 MiB echoes would not fit). */
    private static String drain(DataInputStream in, long size) {
        long echoed = 0;
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if ((first & 0x0F) == 0x8) {
                    int code = length >= 2 ? in.readUnsignedShort() : 1005;
                    return "ended: Close " + code;
                }
                in.skipNBytes(length);
                echoed += length;
            }
        } catch (SocketTimeoutException e) {
            return echoed == size ? WHOLE_ECHO : "open, nothing after " + echoed + " bytes (timeout)";
        } catch (EOFException e) {
            return "ended: FIN";
        } catch (SocketException e) {
            return "ended: RST";
        } catch (IOException e) {
            return "ended: " + e;
        }
    }
}
