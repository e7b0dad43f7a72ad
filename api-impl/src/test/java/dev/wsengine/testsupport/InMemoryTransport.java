package dev.wsengine.testsupport;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A transport for tests: what the session writes is collected, what the test feeds reaches the
 * session as if it came from the network. Writes complete at once unless {@link #holdWrites} is set.
 * One made by {@link #openAnsweringCloses} also plays a polite peer: when the session sends a Close
 * it answers with a masked Close carrying the same payload, from another thread, as a network peer
 * would.
 */
public final class InMemoryTransport implements Transport {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final boolean answerCloses;
    private final CompletableFuture<Integer> closeCodeSent = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private TransportHandler handler;
    private boolean holdWrites;
    private WriteCallback heldCallback;
    private int closes;
    private boolean aborted;
    private boolean closed;
    private volatile boolean readingSuspended;

    /** A transport whose peer only does what the test tells it. */
    public InMemoryTransport() {
        this(false);
    }

    private InMemoryTransport(boolean answerCloses) {
        this.answerCloses = answerCloses;
    }

    /** Opens {@code handler} (a session) on a new transport whose peer answers every Close. */
    public static InMemoryTransport openAnsweringCloses(TransportHandler handler) {
        InMemoryTransport transport = new InMemoryTransport(true);
        transport.open(handler);
        return transport;
    }

    public void open(TransportHandler handler) {
        this.handler = handler;
        handler.onOpen(this);
    }

    /** Bytes from the peer. */
    public void feed(byte[] bytes) {
        handler.onData(ByteBuffer.wrap(bytes.clone()));
    }

    /** The peer dropped the connection. */
    public void drop() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
        }
        if (first) {
            closedFuture.complete(null);
            handler.onClosed(null);
        }
    }

    public synchronized void holdWrites(boolean hold) {
        holdWrites = hold;
    }

    /** Completes a write held back by {@link #holdWrites}. */
    public void releaseHeldWrite() {
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
    public void failHeldWrite(Throwable cause) {
        WriteCallback callback;
        synchronized (this) {
            callback = heldCallback;
            heldCallback = null;
        }
        if (callback != null) {
            callback.failed(cause);
        }
    }

    /** What the session wrote since the last call. */
    public synchronized byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    public synchronized int closes() {
        return closes;
    }

    public synchronized boolean aborted() {
        return aborted;
    }

    /** The close code of the first Close frame the session sent, waiting for it up to ten seconds. */
    public int closeCodeSent() throws Exception {
        return closeCodeSent.get(10, TimeUnit.SECONDS);
    }

    public boolean closeSent() {
        return closeCodeSent.isDone();
    }

    /** Waits up to ten seconds for the connection to close. */
    public void awaitClosed() throws Exception {
        closedFuture.get(10, TimeUnit.SECONDS);
    }

    /**
     * Collects what one write carries. A write that starts with a Close frame (server frames are
     * unmasked: 0x88, then a length under 126) is noted, and answered when this peer answers Closes.
     */
    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            frame.writeBytes(bytes);
        }
        byte[] bytes = frame.toByteArray();
        boolean hold;
        synchronized (this) {
            written.writeBytes(bytes);
            hold = holdWrites;
            if (hold) {
                heldCallback = callback;
            }
        }
        if (!hold) {
            callback.completed();
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x88) {
            int length = bytes[1] & 0x7f;
            closeCodeSent.complete(length >= 2 ? ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff) : 1005);
            if (answerCloses) {
                byte[] payload = java.util.Arrays.copyOfRange(bytes, 2, 2 + length);
                byte[] reply = RawFrame.of(RawFrame.CLOSE).mask(0).payload(payload).bytes();
                new Thread(() -> handler.onData(ByteBuffer.wrap(reply)), "test-peer").start();
            }
        }
    }

    /**
     * Noted, not enforced: {@link #feed} still delivers, so a test can check that the session asked
     * to stop and then stop feeding itself.
     */
    @Override
    public void suspendReading() {
        readingSuspended = true;
    }

    @Override
    public void resumeReading() {
        readingSuspended = false;
    }

    /** True between the session's {@code suspendReading()} and its {@code resumeReading()}. */
    public boolean readingSuspended() {
        return readingSuspended;
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
            closedFuture.complete(null);
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
