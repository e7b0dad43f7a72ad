package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens client sockets to the server on 127.0.0.1, spreading them over source addresses
 * 127.0.0.2 ... 127.0.0.250 so that 10,000 idle connections and tens of thousands of handshakes
 * (with their TIME_WAIT leftovers) never run out of ephemeral ports. Loopback only.
 */
public final class Loopback {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Loopback() {
    }

    static InetSocketAddress nextSource() {
        int host = 2 + Math.floorMod(NEXT.getAndIncrement(), 249);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host}), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A socket bound to the next source address, connecting (non-blocking) or connected (blocking). */
    public static SocketChannel open(InetSocketAddress server, boolean blocking) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.bind(nextSource());
            channel.configureBlocking(blocking);
            channel.connect(server);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * A blocking connection that has completed the opening handshake to {@code path} within
     * {@code timeoutMillis}, or an exception saying why not.
     */
    public static SocketChannel connectWebSocket(InetSocketAddress server, String path, long timeoutMillis) throws IOException {
        SocketChannel channel = open(server, true);
        try {
            channel.socket().setSoTimeout((int) timeoutMillis);
            Handshake handshake = new Handshake(server.getHostString() + ":" + server.getPort(), path);
            ByteBuffer request = handshake.request().duplicate();
            while (request.hasRemaining()) {
                channel.write(request);
            }
            // Read one byte at a time through the socket's stream so nothing past the head is consumed.
            var in = channel.socket().getInputStream();
            byte[] head = new byte[4096];
            int n = 0;
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            while (Handshake.headEnd(head, n) < 0) {
                if (n == head.length || System.nanoTime() > deadline) {
                    throw new IOException("no complete handshake answer within limits");
                }
                int b = in.read();
                if (b < 0) {
                    throw new IOException("server closed during the handshake");
                }
                head[n++] = (byte) b;
            }
            handshake.check(new String(head, 0, n, StandardCharsets.ISO_8859_1));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
