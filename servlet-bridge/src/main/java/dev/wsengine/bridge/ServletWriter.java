package dev.wsengine.bridge;

import dev.wsengine.transport.WriteCallback;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * The write half of the portable transport: one {@link dev.wsengine.transport.Transport#write}
 * at a time over a non-blocking {@link ServletOutputStream}.
 *
 * <p>It writes while {@code isReady()} says it may, then flushes, and completes the callback only
 * once {@code isReady()} is true again after the flush, which is when the container has handed
 * every byte to the network. Whatever is left when {@code isReady()} says no is continued by
 * {@link #onWritePossible()}. The engine's threads and the container's callback thread both get
 * here, so every step runs under one lock; callbacks run after it is released.
 */
final class ServletWriter implements WriteListener {

    private static final int SCRATCH = 16 * 1024;

    private final ServletOutputStream out;
    /** Whether the container has its own {@code write(ByteBuffer)}; the default copies each call. */
    private final boolean nativeBufferWrites;
    /** Whether {@code write(byte[], off, len)} writes just that range; see {@link #honoursArrayRange}. */
    private final boolean rangeWrites;
    private final Object lock = new Object();

    // Guarded by lock.
    private ByteBuffer[] pending;
    private int index;
    private WriteCallback callback;
    private boolean flushIssued;
    private Throwable failure;
    private Runnable whenIdle;
    private byte[] scratch;

    ServletWriter(ServletOutputStream out) {
        this(out, honoursArrayRange(out));
    }

    ServletWriter(ServletOutputStream out, boolean rangeWrites) {
        this.out = out;
        this.nativeBufferWrites = Overrides.declares(out.getClass(), ServletOutputStream.class, "write", ByteBuffer.class);
        this.rangeWrites = rangeWrites;
    }

    /**
     * Undertow 2.3's non-blocking upgrade stream writes the whole array whatever {@code off} and
     * {@code len} say (it wraps the array without them), which would put the rest of a pooled or
     * sliced array on the wire. There every write gets an array holding exactly its bytes.
     */
    static boolean honoursArrayRange(ServletOutputStream out) {
        return !out.getClass().getName().startsWith("io.undertow.");
    }

    void write(WriteCallback callback, ByteBuffer... buffers) {
        Throwable refused;
        synchronized (lock) {
            if (this.callback != null) {
                throw new IllegalStateException("A write is already in flight");
            }
            refused = failure;
            if (refused == null) {
                this.pending = buffers;
                this.index = 0;
                this.callback = callback;
                this.flushIssued = false;
            }
        }
        if (refused != null) {
            callback.failed(refused);
            return;
        }
        progress();
    }

    @Override
    public void onWritePossible() {
        progress();
    }

    @Override
    public void onError(Throwable cause) {
        fail(cause);
    }

    /** Fails the write in flight, if any, and every later one. */
    void fail(Throwable cause) {
        WriteCallback failed;
        Runnable idle;
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            failed = takeCallback();
            idle = takeWhenIdle();
        }
        if (failed != null) {
            failed.failed(cause);
        }
        if (idle != null) {
            idle.run();
        }
    }

    /**
     * Runs {@code action} once no write is in flight: now if none is, else after the current one
     * completes or fails.
     */
    void whenIdle(Runnable action) {
        synchronized (lock) {
            if (callback != null) {
                whenIdle = action;
                return;
            }
        }
        action.run();
    }

    private void progress() {
        WriteCallback completed = null;
        WriteCallback failed = null;
        Throwable cause = null;
        Runnable idle = null;
        synchronized (lock) {
            if (callback == null) {
                return;
            }
            try {
                if (!writeUntilBlocked()) {
                    return; // onWritePossible continues
                }
                completed = takeCallback();
            } catch (IOException | RuntimeException e) {
                cause = e;
                failure = e;
                failed = takeCallback();
            }
            idle = takeWhenIdle();
        }
        if (completed != null) {
            completed.completed();
        } else {
            failed.failed(cause);
        }
        if (idle != null) {
            idle.run();
        }
    }

    /** True when everything is written and flushed; false when the container asked us to wait. */
    private boolean writeUntilBlocked() throws IOException {
        while (index < pending.length) {
            ByteBuffer buffer = pending[index];
            if (!buffer.hasRemaining()) {
                index++;
                continue;
            }
            if (!out.isReady()) {
                return false;
            }
            if (writeSome(buffer)) {
                index++;
            }
        }
        if (!flushIssued) {
            if (!out.isReady()) {
                return false;
            }
            flushIssued = true;
            out.flush();
        }
        // After a flush that could not finish, isReady() is false until the container is done,
        // and then it calls onWritePossible.
        return out.isReady();
    }

    /**
     * Hands bytes of {@code buffer} to the container. True when the whole buffer went: then the
     * buffer must not be touched again (a container's own {@code write(ByteBuffer)} may still be
     * reading it until {@code isReady()} is true).
     */
    private boolean writeSome(ByteBuffer buffer) throws IOException {
        if (!rangeWrites) {
            out.write(exactArray(buffer));
            return true;
        }
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return true;
        }
        if (nativeBufferWrites) {
            out.write(buffer);
            return true;
        }
        // A direct buffer and the default write(ByteBuffer), which would allocate a copy per call.
        if (scratch == null) {
            scratch = new byte[SCRATCH];
        }
        int n = Math.min(scratch.length, buffer.remaining());
        buffer.get(scratch, 0, n);
        out.write(scratch, 0, n);
        return !buffer.hasRemaining();
    }

    /** The remaining bytes of {@code buffer} as an array of their own, without a copy where it already is one. */
    private static byte[] exactArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.limit() == buffer.array().length) {
            buffer.position(buffer.limit());
            return buffer.array();
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private WriteCallback takeCallback() {
        WriteCallback taken = callback;
        callback = null;
        pending = null;
        return taken;
    }

    private Runnable takeWhenIdle() {
        Runnable taken = whenIdle;
        whenIdle = null;
        return taken;
    }

    /** What later writes fail with once the connection is closed. */
    static Throwable closed() {
        return new ClosedChannelException();
    }
}
