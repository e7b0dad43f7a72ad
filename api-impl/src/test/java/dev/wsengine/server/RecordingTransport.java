package dev.wsengine.server;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A transport that records what the session writes and plays a polite peer: when the session
 * sends a Close frame it answers with a (masked) Close carrying the same payload, from another
 * thread, as a network peer would.
 */
final class RecordingTransport implements Transport {

    private final TransportHandler handler;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> closeCodeSent = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private RecordingTransport(TransportHandler handler) {
        this.handler = handler;
    }

    /** Opens {@code handler} (a session) on a new recording transport. */
    static RecordingTransport open(TransportHandler handler) {
        RecordingTransport t = new RecordingTransport(handler);
        handler.onOpen(t);
        return t;
    }

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        byte[] frame;
        synchronized (written) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeBytes(bytes);
            }
            frame = out.toByteArray();
            written.writeBytes(frame);
        }
        callback.completed();
        // Server frames are unmasked; a Close is opcode 8 with FIN set.
        if (frame.length >= 2 && (frame[0] & 0xff) == 0x88) {
            int length = frame[1] & 0x7f;
            int code = length >= 2 ? ((frame[2] & 0xff) << 8) | (frame[3] & 0xff) : 1005;
            closeCodeSent.complete(code);
            byte[] reply = new byte[6 + length];
            reply[0] = (byte) 0x88;
            reply[1] = (byte) (0x80 | length);
            // Mask key 0: the payload stays as it is.
            System.arraycopy(frame, 2, reply, 6, length);
            new Thread(() -> handler.onData(ByteBuffer.wrap(reply)), "test-peer").start();
        }
    }

    /** The close code of the first Close frame the session sent, waiting for it up to ten seconds. */
    int closeCodeSent() throws Exception {
        return closeCodeSent.get(10, TimeUnit.SECONDS);
    }

    boolean closeSent() {
        return closeCodeSent.isDone();
    }

    void awaitClosed() throws Exception {
        closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void suspendReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public void close(boolean abort) {
        if (closed.complete(null)) {
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
