package dev.wsengine.fuzz;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The fuzz harnesses' transport: no network, no threads. What the session writes is kept (up to a
 * cap, so a hostile input cannot make the harness itself grow without bound), writes complete
 * inline, and closing reports {@code onClosed} once, as a real transport does.
 */
final class LoopbackTransport implements Transport {

    private static final int KEEP_AT_MOST = 1 << 20;

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private TransportHandler handler;
    private boolean closed;

    void open(TransportHandler handler) {
        this.handler = handler;
        handler.onOpen(this);
    }

    /** Bytes from the peer, in a buffer of their own: the session unmasks in place. */
    void feed(byte[] bytes, int from, int to) {
        ByteBuffer chunk = ByteBuffer.allocate(to - from);
        chunk.put(bytes, from, to - from).flip();
        handler.onData(chunk);
    }

    boolean isClosed() {
        return closed;
    }

    byte[] written() {
        return written.toByteArray();
    }

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if (written.size() + n <= KEEP_AT_MOST) {
                byte[] bytes = new byte[n];
                b.get(bytes);
                written.write(bytes, 0, n);
            } else {
                b.position(b.limit());
            }
        }
        callback.completed();
    }

    @Override
    public void suspendReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public void close(boolean abort) {
        if (!closed) {
            closed = true;
            handler.onClosed(null);
        }
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }
}
