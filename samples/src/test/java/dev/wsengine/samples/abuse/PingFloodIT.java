package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.RawFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client floods pings and never reads the pongs. Before the fix the server queued a pong per
 * ping (3.7 M of them) until its 512 MB heap ran out; now at most 32 wait per session, the newest
 * replacing the oldest, so its heap stays where it was and everyone else is served.
 */
class PingFloodIT {

    private static final int HEAP_MB = 64;
    private static final long HEAP_SLACK = 16L << 20;
    /** Loopback's largest send buffer (net.ipv4.tcp_wmem's maximum here) and the flooder's receive buffer, doubled for slack. */
    private static final long KERNEL_BUFFERS = 2 * ((4L << 20) + (16 << 10));

    private SampleProcess server;
    private final ExecutorService flood = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        server = SampleProcess.start(HEAP_MB);
    }

    @AfterEach
    void stop() throws Exception {
        flood.shutdownNow();
        server.close();
    }

    @ParameterizedTest(name = "{0} pings of {1} bytes")
    @CsvSource({"emptyPings, 1000000, 4000000, 0", "fullPings, 100000, 100000, 125"})
    void pingsNobodyReadsTheAnswersToCostNoMemory(String name, int ci, int full, int size) throws Exception {
        int pings = Scale.count(name, ci, full);
        FreshClient.echo(server.port(), 30);
        long baseline = server.liveHeap();

        Socket flooder = new Socket();
        flooder.setReceiveBufferSize(16 * 1024); // a peer that does not read, as across a network
        flooder.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        flooder.setSoTimeout(10_000);
        handshake(flooder, server.port());
        byte[] batch = pings(1_000, size);
        AtomicLong sent = new AtomicLong();
        Future<?> sending = flood.submit(() -> {
            OutputStream out = flooder.getOutputStream();
            for (int i = 0; i < pings; i += 1_000) {
                out.write(batch);
                sent.addAndGet(1_000);
            }
            out.flush();
            return null;
        });
        String ended;
        try {
            sending.get(120, TimeUnit.SECONDS);
            ended = "all " + pings + " sent";
        } catch (TimeoutException stalled) {
            ended = "the server stopped reading after " + sent.get(); // back-pressure: also a bound
        }
        long peak = server.heapNow();
        FreshClient.Served served = FreshClient.echo(server.port(), 30);
        long live = server.liveHeap();
        long pongs = countPongs(flooder);
        flooder.close();
        System.out.printf("%s: %s; fresh client %s; heap %d MB live (%d MB before, %d MB seen); %d pongs read%n",
                name, ended, served, live >> 20, baseline >> 20, peak >> 20, pongs);

        assertTrue(server.isAlive(), "the server died under " + pings + " pings: " + server.output());
        assertTrue(served.totalMs() < 5_000, "a fresh client during the flood: " + served);
        assertTrue(live - baseline < HEAP_SLACK, "live heap with the pongs unread: " + (live >> 20)
                + " MB against " + (baseline >> 20) + " MB before");
        // What reached the flooder is what the kernel's buffers held (up to 4 MiB on the server's side
        // here, 16 KiB on the flooder's) and the 32 the server keeps: a million empty pongs fit there.
        long pongBytes = pongs * (size + 2);
        assertTrue(pongBytes < KERNEL_BUFFERS + 32L * (size + 2), "the unread pongs were bounded: " + pongs
                + " pongs (" + pongBytes + " bytes) reached the flooder for " + sent.get() + " pings");
    }

    private static void handshake(Socket socket, int port) throws IOException {
        socket.getOutputStream().write(dev.wsengine.testsupport.RawSocket.webSocketRequest("/echo", port)
                .getBytes(StandardCharsets.ISO_8859_1));
        String head = dev.wsengine.testsupport.HttpHead.read(socket.getInputStream()).startLine();
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
    }

    private static byte[] pings(int count, int size) {
        byte[] one = RawFrame.of(RawFrame.PING).payload(new byte[size]).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * count);
        for (int i = 0; i < count; i++) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }

    /** Reads what was waiting: pongs until a second passes without one. */
    private static long countPongs(Socket socket) throws IOException {
        socket.setSoTimeout(1_000);
        InputStream in = socket.getInputStream();
        long pongs = 0;
        try {
            while (true) {
                RawFrame.Received frame = RawFrame.read(in, 125);
                if (frame.opcode() == RawFrame.PONG) {
                    pongs++;
                }
            }
        } catch (SocketTimeoutException | java.io.EOFException drained) {
            return pongs;
        }
    }
}
