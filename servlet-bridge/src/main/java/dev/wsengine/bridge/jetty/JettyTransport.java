package dev.wsengine.bridge.jetty;

import dev.wsengine.bridge.SerialRunner;
import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket connection on Jetty's own {@link EndPoint}, installed by {@link JettySwitch}.
 *
 * <p><b>Threads.</b> The connection's fill callback is of invocation type blocking (the
 * {@link AbstractConnection} default), so Jetty never runs {@link #onFillable()} on its selector
 * thread, and the handler, which runs application code, may block there. Every handler call goes
 * through one {@link SerialRunner}: {@code onFillable} runs it on its own thread; the open, the
 * close and a resume, which Jetty reports on whatever thread it likes, hand it to the executor.
 *
 * <p><b>Buffers.</b> A read buffer comes from the connector's pool for one burst of reads and goes
 * back as soon as the socket has nothing more, so an idle connection holds none. Inbound
 * back-pressure is TCP's own: while reading is suspended nobody asks Jetty to fill.
 */
final class JettyTransport extends AbstractConnection implements Connection.UpgradeTo, Transport {

    static final int READ_CHUNK = 32 * 1024;

    /**
     * How long a graceful close keeps reading, and dropping, what the peer still sends after our
     * FIN. Closing with unread bytes makes the kernel answer with a reset, and a peer still writing
     * (an over-limit message refused at its header) would lose the Close frame sent just before.
     */
    static final long LINGER_MS = 2_000;

    private final ByteBufferPool pool;
    private final TransportHandler handler;
    private final boolean secure;
    private final SerialRunner delivery;
    private final Object writeLock = new Object();

    private volatile ByteBuffer prefilled;
    private volatile boolean suspended;
    private volatile boolean closing;
    /** Our side is shut (FIN sent); reading on only to drop what the peer still sends. */
    private volatile boolean lingering;
    private volatile long lingerDeadlineNanos;
    private volatile boolean ended;
    private volatile Throwable failure;

    private final Callback writeCompletion = new WriteCompletion();
    /** The engine's callback for the one write in flight. */
    private volatile WriteCallback pendingWrite;

    // Guarded by writeLock.
    private boolean writing;
    private boolean closeAfterWrite;
    /** With {@link #closeAfterWrite}: linger and drain (the peer may still be sending), or close at once. */
    private boolean drainAfterWrite;

    // Touched only by the delivery task.
    private boolean opened;
    private boolean endReported;

    JettyTransport(EndPoint endPoint, Executor executor, ByteBufferPool pool, TransportHandler handler, boolean secure) {
        super(endPoint, executor);
        this.pool = pool;
        this.handler = handler;
        this.secure = secure;
        this.delivery = new SerialRunner(executor, this::deliver);
    }

    /** Bytes the client sent right behind its handshake, which Jetty had already read. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
            copy.put(buffer).flip();
            prefilled = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // The session runs its own idle timeout; the connector's would cut quiet WebSockets.
        getEndPoint().setIdleTimeout(0);
        delivery.request();
    }

    @Override
    public void onFillable() {
        delivery.runHereOrRequest();
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        if (lingering) {
            getEndPoint().close(); // our own close after the close handshake: nothing failed
            return;
        }
        recordFailure(cause);
        getEndPoint().close(cause);
    }

    /**
     * Only a lingering close has an idle timeout: a peer silent that long is not coming back. The
     * close handshake is over by then, so the connection ends without a failure.
     */
    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        if (lingering) {
            getEndPoint().close();
        }
        return false;
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        if (cause != null) {
            recordFailure(cause);
        }
        ended = true;
        delivery.request();
    }

    private void recordFailure(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    // ------------------------------------------------------------------ delivery

    private void deliver() {
        if (!opened) {
            opened = true;
            if (!call(this::open)) {
                return;
            }
        }
        while (!endReported) {
            if (failure != null || ended) {
                reportEnd(failure);
                return;
            }
            if (lingering) {
                if (!isFillInterested()) {
                    drainAfterClose();
                }
                return;
            }
            if (closing || suspended || isFillInterested()) {
                return; // the close, a resume or onFillable asks for another run
            }
            if (!fillAndDeliver()) {
                return;
            }
        }
    }

    private void open() {
        handler.onOpen(this);
        ByteBuffer early = prefilled;
        prefilled = null;
        if (early != null) {
            handler.onData(early);
        }
    }

    /**
     * Reads and delivers until the socket has nothing more (then asks Jetty to call back, and
     * returns false) or something changed that the caller must look at (returns true).
     */
    private boolean fillAndDeliver() {
        RetainableByteBuffer pooled = pool.acquire(READ_CHUNK, true);
        try {
            ByteBuffer buffer = pooled.getByteBuffer();
            while (!closing && !suspended && failure == null) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n == 0) {
                    fillInterested();
                    return false;
                }
                if (n < 0) {
                    ended = true;
                    getEndPoint().close();
                    return true;
                }
                try {
                    handler.onData(buffer);
                } catch (RuntimeException | Error e) {
                    recordFailure(e);
                    getEndPoint().close(e);
                    return true;
                }
            }
            return true;
        } catch (IOException e) {
            recordFailure(e);
            getEndPoint().close(e);
            return true;
        } finally {
            pooled.release();
        }
    }

    /** Reads and drops until the peer closes, goes quiet or the linger time is up, then closes. */
    private void drainAfterClose() {
        RetainableByteBuffer pooled = pool.acquire(READ_CHUNK, true);
        try {
            ByteBuffer buffer = pooled.getByteBuffer();
            while (System.nanoTime() - lingerDeadlineNanos < 0) {
                BufferUtil.clear(buffer);
                int n = getEndPoint().fill(buffer);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
            }
            getEndPoint().close();
        } catch (IOException peerGone) {
            getEndPoint().close(); // a reset after the close handshake: nothing is lost any more
        } finally {
            pooled.release();
        }
    }

    /** Runs a handler call; a handler that throws loses its connection. */
    private boolean call(Runnable handlerCall) {
        try {
            handlerCall.run();
            return true;
        } catch (RuntimeException | Error e) {
            recordFailure(e);
            getEndPoint().close(e);
            return false;
        }
    }

    private void reportEnd(Throwable cause) {
        endReported = true;
        if (getEndPoint().isOpen()) {
            getEndPoint().close(cause);
        }
        handler.onClosed(cause);
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        synchronized (writeLock) {
            writing = true;
        }
        pendingWrite = callback;
        getEndPoint().write(writeCompletion, buffers);
    }

    /**
     * Jetty's callback for every write of this connection: the engine has at most one write in
     * flight (the Transport contract), so one object serves them all instead of three per write.
     */
    private final class WriteCompletion implements Callback {
        @Override
        public void succeeded() {
            WriteCallback callback = takePendingWrite();
            writeFinished();
            callback.completed();
        }

        @Override
        public void failed(Throwable cause) {
            WriteCallback callback = takePendingWrite();
            writeFinished();
            callback.failed(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** Taken before it is called, because the call may start the next write, which sets a new one. */
    private WriteCallback takePendingWrite() {
        WriteCallback callback = pendingWrite;
        pendingWrite = null;
        return callback;
    }

    private void writeFinished() {
        boolean close;
        boolean drain;
        synchronized (writeLock) {
            writing = false;
            close = closeAfterWrite;
            drain = drainAfterWrite;
            closeAfterWrite = false;
        }
        if (close) {
            end(drain);
        }
    }

    private void end(boolean drain) {
        if (drain) {
            linger();
        } else {
            getEndPoint().close();
        }
    }

    /** Shuts our side (the peer reads our Close, then the end), then drains what the peer still sends. */
    private void linger() {
        lingerDeadlineNanos = System.nanoTime() + LINGER_MS * 1_000_000L;
        lingering = true;
        getEndPoint().setIdleTimeout(LINGER_MS);
        getEndPoint().shutdownOutput();
        delivery.request();
    }

    @Override
    public void suspendReading() {
        suspended = true;
    }

    @Override
    public void resumeReading() {
        suspended = false;
        delivery.request();
    }

    @Override
    public void close(boolean abort) {
        closing = true;
        if (abort) {
            getEndPoint().close();
            return;
        }
        closeAfterWrites(true);
    }

    /** Nothing more comes from the peer: no lingering, and one wake-up of a thread fewer per connection. */
    @Override
    public void closeAfterCloseHandshake() {
        closing = true;
        closeAfterWrites(false);
    }

    private void closeAfterWrites(boolean drain) {
        synchronized (writeLock) {
            if (writing) {
                closeAfterWrite = true;
                drainAfterWrite = drain;
                return;
            }
        }
        end(drain);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public InetSocketAddress localAddress() {
        return inet(getEndPoint().getLocalSocketAddress());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return inet(getEndPoint().getRemoteSocketAddress());
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}
