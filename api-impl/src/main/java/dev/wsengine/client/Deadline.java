package dev.wsengine.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The connect phase (TCP, proxy, TLS, HTTP upgrade) runs on the caller's thread of
 * {@code connectToServer}, which blocks anyway; this waits on a private selector until the
 * socket is ready or the connect timeout is spent.
 */
final class Deadline implements AutoCloseable {

    private final long endNanos;
    private final long timeoutMs;
    private final Selector selector;

    Deadline(long timeoutMs) throws IOException {
        this.timeoutMs = timeoutMs;
        this.endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.selector = Selector.open();
    }

    void awaitReadable(SocketChannel channel) throws IOException {
        await(channel, SelectionKey.OP_READ);
    }

    void awaitWritable(SocketChannel channel) throws IOException {
        await(channel, SelectionKey.OP_WRITE);
    }

    void awaitConnected(SocketChannel channel) throws IOException {
        await(channel, SelectionKey.OP_CONNECT);
    }

    private void await(SocketChannel channel, int op) throws IOException {
        long leftMs = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
        if (leftMs <= 0) {
            throw new SocketTimeoutException("Connect timeout of " + timeoutMs + " ms expired");
        }
        SelectionKey key = channel.register(selector, op);
        try {
            if (selector.select(leftMs) == 0) {
                throw new SocketTimeoutException("Connect timeout of " + timeoutMs + " ms expired");
            }
            selector.selectedKeys().clear();
        } finally {
            key.cancel();
            selector.selectNow(); // lets the channel be registered with another selector later
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }
}
