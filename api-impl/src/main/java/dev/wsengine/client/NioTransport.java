package dev.wsengine.client;

import dev.wsengine.logging.RateLimitedLog;
import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The client's transport after the opening handshake.
 *
 * <p>Reading: the selector thread only notices that the socket is readable. It drops the read
 * interest and hands the connection to a read turn on the executor, which reads until the socket
 * is drained (or its budget is spent, to be fair to other connections), passes the bytes to the
 * handler, and then asks the selector thread to watch for more. The {@link #reading} flag makes
 * sure there is never more than one read turn per connection, so the handler's {@code onData}
 * calls never overlap and never run on the selector thread.
 *
 * <p>Writing: bytes go straight to the socket from the caller's thread. What the socket does not
 * take is finished by the selector thread when the socket is writable again; the callback then
 * runs on the executor, because the session may run application code from it.
 */
final class NioTransport implements Transport, SelectorLoop.Ready {

    private static final System.Logger LOG = System.getLogger(NioTransport.class.getName());
    private static final RateLimitedLog READ_FAILED = new RateLimitedLog(LOG, System.Logger.Level.ERROR);
    private static final int READ_BUFFER = 16 * 1024;
    /** Reads per read turn before the turn yields its thread to other connections. */
    private static final int READS_PER_TURN = 16;
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final Wire wire;
    private final SelectorLoop loop;
    private final Executor executor;
    private final boolean secure;
    private final Consumer<NioTransport> onShutdown;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    /** True while a read turn is queued or running (and during {@link #start}). */
    private final AtomicBoolean reading = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object writeLock = new Object();
    private TransportHandler handler;
    private volatile SelectionKey key;
    private volatile boolean suspended;
    // Guarded by writeLock: the write the socket has not fully taken yet.
    private ByteBuffer[] pending;
    private WriteCallback pendingCallback;
    private boolean closeWhenFlushed;

    /** @param onShutdown told once, after the handler's onClosed, that this transport is gone */
    NioTransport(Wire wire, SelectorLoop loop, Executor executor, boolean secure, Consumer<NioTransport> onShutdown) {
        this.wire = wire;
        this.loop = loop;
        this.executor = executor;
        this.secure = secure;
        this.onShutdown = onShutdown;
    }

    /**
     * Opens the session on the calling thread and hands it the bytes that came behind the
     * handshake response, then starts reading. Returns once the session's onOpen has run.
     */
    void start(TransportHandler session, ByteBuffer leftover) throws IOException {
        CompletableFuture<SelectionKey> registered = new CompletableFuture<>();
        try {
            loop.register(wire.channel(), 0, this, registered::complete);
            key = registered.join();
        } catch (RuntimeException e) {
            key = null;
        }
        if (key == null) {
            // The session never opened, so it is not told of a close either.
            closed.set(true);
            wire.close();
            throw new ClosedChannelException();
        }
        this.handler = session;
        // Still "reading" here: nothing else may call onData while open and leftover are delivered.
        session.onOpen(this);
        if (leftover.hasRemaining() && !closed.get()) {
            session.onData(leftover);
        }
        endReadTurn();
    }

    // ------------------------------------------------------------------ reading

    /** On the selector thread. */
    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            continueWrite();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && readyKey.isValid()) {
            readyKey.interestOps(readyKey.interestOps() & ~SelectionKey.OP_READ);
            scheduleReadTurn();
        }
    }

    private void scheduleReadTurn() {
        if (reading.compareAndSet(false, true)) {
            try {
                executor.execute(this::readTurn);
            } catch (RejectedExecutionException e) {
                reading.set(false);
                shutdown(e);
            }
        }
    }

    private void readTurn() {
        try {
            for (int i = 0; i < READS_PER_TURN; i++) {
                if (closed.get() || suspended) {
                    endReadTurn();
                    return;
                }
                readBuffer.clear();
                int n = wire.read(readBuffer);
                if (n < 0) {
                    shutdown(null);
                    return;
                }
                if (n == 0) {
                    flushWireOutput();
                    reading.set(false);
                    watchReadable();
                    return;
                }
                handler.onData(readBuffer.flip());
            }
            flushWireOutput();
            executor.execute(this::readTurn); // more may be waiting: go to the back of the line
        } catch (IOException e) {
            shutdown(e);
        } catch (RuntimeException | Error e) {
            READ_FAILED.log(() -> "Reading a client connection failed", e);
            shutdown(e);
        }
    }

    /**
     * Ends a read turn that stopped before the socket was drained (suspended, or the opening).
     * Bytes may already wait inside the wire (decrypted TLS), where the selector cannot see them,
     * so reading resumes with a read turn rather than with read interest.
     */
    private void endReadTurn() {
        reading.set(false);
        if (!suspended && !closed.get()) {
            scheduleReadTurn();
        }
    }

    private void watchReadable() {
        changeInterest(SelectionKey.OP_READ, true);
    }

    /** TLS may have made an answer of its own while reading; the selector finishes sending it. */
    private void flushWireOutput() {
        if (wire.hasPendingOutput()) {
            changeInterest(SelectionKey.OP_WRITE, true);
        }
    }

    private void changeInterest(int op, boolean on) {
        try {
            loop.execute(() -> setInterest(op, on));
        } catch (RejectedExecutionException e) {
            shutdown(e);
        }
    }

    /** On the selector thread. */
    private void setInterest(int op, boolean on) {
        SelectionKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps(on ? k.interestOps() | op : k.interestOps() & ~op);
        }
    }

    @Override
    public void suspendReading() {
        suspended = true;
    }

    @Override
    public void resumeReading() {
        suspended = false;
        scheduleReadTurn();
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        IOException failure = null;
        synchronized (writeLock) {
            if (closed.get()) {
                failure = new ClosedChannelException();
            } else {
                try {
                    if (!wire.write(buffers)) {
                        pending = buffers;
                        pendingCallback = callback;
                        changeInterest(SelectionKey.OP_WRITE, true);
                        return;
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            callback.failed(failure);
            shutdown(failure);
        } else {
            callback.completed();
        }
    }

    /** On the selector thread: the socket takes bytes again. */
    private void continueWrite() {
        WriteCallback done;
        IOException failure = null;
        boolean closeNow;
        synchronized (writeLock) {
            try {
                if (pendingCallback == null) {
                    if (wire.write(NOTHING)) { // only the wire's own bytes were waiting
                        setInterest(SelectionKey.OP_WRITE, false);
                    }
                    return;
                }
                if (!wire.write(pending)) {
                    return;
                }
            } catch (IOException e) {
                failure = e;
            }
            done = pendingCallback;
            pendingCallback = null;
            pending = null;
            closeNow = closeWhenFlushed;
            setInterest(SelectionKey.OP_WRITE, false);
        }
        IOException failed = failure;
        Runnable completion = () -> {
            if (failed != null) {
                if (done != null) {
                    done.failed(failed);
                }
                shutdown(failed);
            } else {
                if (done != null) {
                    done.completed();
                }
                if (closeNow) {
                    shutdown(null);
                }
            }
        };
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close(boolean abort) {
        if (!abort) {
            synchronized (writeLock) {
                if (pendingCallback != null && !closed.get()) {
                    closeWhenFlushed = true; // continueWrite closes once the socket took the rest
                    return;
                }
            }
        }
        shutdown(null);
    }

    /** Closes the socket, fails a write still in progress and tells the handler, all once. */
    private void shutdown(Throwable cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        wire.close();
        WriteCallback orphan;
        synchronized (writeLock) {
            orphan = pendingCallback;
            pendingCallback = null;
            pending = null;
        }
        if (orphan != null) {
            orphan.failed(cause != null ? cause : new ClosedChannelException());
        }
        try {
            if (handler != null) {
                handler.onClosed(cause);
            }
        } finally {
            onShutdown.accept(this);
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) wire.channel().getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) wire.channel().getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
