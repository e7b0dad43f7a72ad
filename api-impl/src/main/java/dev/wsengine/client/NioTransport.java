package dev.wsengine.client;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's transport after the opening handshake. The selector thread only notices
 * readiness: a readable socket loses its read interest and is drained by a task on the executor
 * (so the session, and the application code it runs, never runs on the selector thread); the read
 * interest comes back once the socket has nothing more. Writes go straight to the socket from the
 * caller's thread; what the socket does not take is finished by the selector thread.
 */
final class NioTransport implements Transport, SelectorLoop.Ready {

    private static final int READ_BUFFER = 16 * 1024;

    private final Wire wire;
    private final SelectorLoop loop;
    private final Executor executor;
    private final boolean secure;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private final Object writeLock = new Object();
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private TransportHandler handler;
    private volatile SelectionKey key;
    private volatile boolean suspended;
    private volatile boolean closed;
    private ByteBuffer[] pending;
    private WriteCallback pendingCallback;

    NioTransport(Wire wire, SelectorLoop loop, Executor executor, boolean secure) {
        this.wire = wire;
        this.loop = loop;
        this.executor = executor;
        this.secure = secure;
    }

    /**
     * Opens the session on the calling thread, hands it the bytes that came behind the handshake
     * response, then starts reading. Returns once the session's onOpen has run.
     */
    void start(TransportHandler session, ByteBuffer leftover) throws IOException {
        this.handler = session;
        java.util.concurrent.CompletableFuture<SelectionKey> registered = new java.util.concurrent.CompletableFuture<>();
        loop.register(wire.channel(), 0, this, registered::complete);
        key = registered.join();
        if (key == null) {
            throw new ClosedChannelException();
        }
        session.onOpen(this);
        if (leftover.hasRemaining()) {
            session.onData(leftover);
        }
        armRead();
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            continueWrite();
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            readyKey.interestOps(readyKey.interestOps() & ~SelectionKey.OP_READ);
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (!closed && !suspended) {
                readBuffer.clear();
                int n = wire.read(readBuffer);
                if (n < 0) {
                    close(true);
                    return;
                }
                if (n == 0) {
                    armRead();
                    return;
                }
                handler.onData(readBuffer.flip());
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(e);
            throw e;
        }
    }

    private void armRead() {
        loop.execute(() -> {
            SelectionKey k = key;
            if (k != null && k.isValid() && !suspended) {
                k.interestOps(k.interestOps() | SelectionKey.OP_READ);
            }
        });
    }

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        boolean done;
        synchronized (writeLock) {
            try {
                done = wire.write(buffers);
            } catch (IOException e) {
                callback.failed(e);
                fail(e);
                return;
            }
            if (!done) {
                pending = buffers;
                pendingCallback = callback;
                loop.execute(() -> setInterest(SelectionKey.OP_WRITE, true));
                return;
            }
        }
        callback.completed();
    }

    /** On the selector thread: the socket takes bytes again. */
    private void continueWrite() {
        WriteCallback done;
        synchronized (writeLock) {
            if (pendingCallback == null) {
                setInterest(SelectionKey.OP_WRITE, false);
                return;
            }
            try {
                if (!wire.write(pending)) {
                    return;
                }
            } catch (IOException e) {
                WriteCallback failed = pendingCallback;
                pendingCallback = null;
                pending = null;
                failed.failed(e);
                executor.execute(() -> fail(e));
                return;
            }
            done = pendingCallback;
            pendingCallback = null;
            pending = null;
            setInterest(SelectionKey.OP_WRITE, false);
        }
        done.completed();
    }

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
        armRead();
    }

    @Override
    public void close(boolean abort) {
        shutdown(null);
    }

    private void fail(Throwable cause) {
        shutdown(cause);
    }

    private void shutdown(Throwable cause) {
        closed = true;
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
        if (closedReported.compareAndSet(false, true)) {
            handler.onClosed(cause);
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
