package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handshakes sent at one byte a second (slowloris). Before the deadline all 1,000 of the issue's
 * got their 101 after 157 s, each holding a connection meanwhile; now the samples server closes
 * a connection whose request head has not arrived within 10 s, and a fresh client is served
 * throughout.
 */
class TrickledHandshakesIT {

    private static final long DEADLINE_MS = 10_000;

    private SampleProcess server;
    private final List<SocketChannel> trickled = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SampleProcess.start(128); // the default deadline, as a user runs it
    }

    @AfterEach
    void stop() throws Exception {
        for (SocketChannel channel : trickled) {
            channel.close();
        }
        server.close();
    }

    @Test
    void handshakesTrickledAtOneBytePerSecondAreCutAtTheDeadline() throws Exception {
        int count = Scale.count("trickled", 200, 1000);
        int port = server.port();
        byte[] request = RawSocket.webSocketRequest("/echo", port).getBytes(StandardCharsets.US_ASCII);
        // Before the first connection: each one's deadline runs from its own accept, and opening
        // them all takes seconds on a loaded machine.
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            trickled.add(channel);
        }
        long[] cutAtMs = new long[count];
        int upgraded = 0;
        int open = count;
        FreshClient.Served slowestFresh = null;
        ByteBuffer in = ByteBuffer.allocate(256);
        // One byte a second to each, up to three times the deadline (the head is longer than that).
        for (int second = 0; open > 0 && second < 3 * DEADLINE_MS / 1000; second++) {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = trickled.get(i);
                if (cutAtMs[i] > 0) {
                    continue;
                }
                try {
                    channel.write(ByteBuffer.wrap(request, second, 1));
                    in.clear();
                    int n = channel.read(in);
                    if (n > 0 && new String(in.array(), 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
                        upgraded++;
                    }
                    if (n < 0) {
                        cutAtMs[i] = (System.nanoTime() - start) / 1_000_000;
                        open--;
                    }
                } catch (IOException reset) {
                    cutAtMs[i] = (System.nanoTime() - start) / 1_000_000;
                    open--;
                }
            }
            FreshClient.Served fresh = FreshClient.echo(port, 30);
            if (slowestFresh == null || fresh.totalMs() > slowestFresh.totalMs()) {
                slowestFresh = fresh;
            }
            Thread.sleep(Math.max(0, (second + 1) * 1000L - (System.nanoTime() - start) / 1_000_000));
        }
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long at : cutAtMs) {
            if (at > 0) {
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
        }
        System.out.printf("%d handshakes trickled at 1 byte/s: %d cut between %d and %d ms, %d upgraded;"
                + " slowest fresh client meanwhile %s%n", count, count - open, first, last, upgraded, slowestFresh);
        assertEquals(0, upgraded, "no trickled handshake was completed");
        assertEquals(0, open, "every trickled handshake was cut");
        // The upper bound allows for the last accept and a loaded machine's slow rounds; what it
        // catches is a head that is never cut (157 s before the deadline existed).
        assertTrue(first >= DEADLINE_MS - 1_500 && last < DEADLINE_MS + 10_000,
                "cut at the " + DEADLINE_MS + " ms deadline: between " + first + " and " + last + " ms");
        assertTrue(slowestFresh.totalMs() < 5_000, "a fresh client meanwhile: " + slowestFresh);
    }
}
