package dev.wsengine.session;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A transport for tests: what the session writes is collected, what the test feeds reaches the
 * session as if it came from the network. Writes complete at once unless {@link #holdWrites} is set.
 */
final class InMemoryTransport implements Transport {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private TransportHandler handler;
    private boolean holdWrites;
    private WriteCallback heldCallback;
    private int closes;
    private boolean aborted;
    private boolean closed;

    void open(TransportHandler handler) {
        this.handler = handler;
        handler.onOpen(this);
    }

    /** Bytes from the peer. */
    void feed(byte[] bytes) {
        handler.onData(ByteBuffer.wrap(bytes.clone()));
    }

    /** The peer dropped the connection. */
    void drop() {
        if (!closed) {
            closed = true;
            handler.onClosed(null);
        }
    }

    synchronized void holdWrites(boolean hold) {
        holdWrites = hold;
    }

    /** Completes a write held back by {@link #holdWrites}. */
    void releaseHeldWrite() {
        WriteCallback callback;
        synchronized (this) {
            callback = heldCallback;
            heldCallback = null;
        }
        if (callback != null) {
            callback.completed();
        }
    }

    /** Fails a write held back by {@link #holdWrites}, as a transport whose connection broke would. */
    void failHeldWrite(Throwable cause) {
        WriteCallback callback;
        synchronized (this) {
            callback = heldCallback;
            heldCallback = null;
        }
        if (callback != null) {
            callback.failed(cause);
        }
    }

    synchronized byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    synchronized int closes() {
        return closes;
    }

    synchronized boolean aborted() {
        return aborted;
    }

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        boolean hold;
        synchronized (this) {
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                written.write(bytes, 0, bytes.length);
            }
            hold = holdWrites;
            if (hold) {
                heldCallback = callback;
            }
        }
        if (!hold) {
            callback.completed();
        }
    }

    @Override
    public void suspendReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public void close(boolean abort) {
        boolean first;
        synchronized (this) {
            closes++;
            aborted |= abort;
            first = !closed;
            closed = true;
        }
        if (first) {
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
