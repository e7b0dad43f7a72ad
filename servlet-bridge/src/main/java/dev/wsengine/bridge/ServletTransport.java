package dev.wsengine.bridge;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The portable transport: an upgraded servlet connection read and written with non-blocking
 * servlet streams ({@link ReadListener}, {@link WriteListener}).
 *
 * <p>Reading never happens on the container's listener thread. The engine runs application
 * callbacks inline, and a callback may block on a send, which waits for {@code onWritePossible};
 * Tomcat never calls that for a socket while its {@code onDataAvailable} is still running, so
 * reading there would deadlock. Instead {@code onDataAvailable} schedules a drain on our executor,
 * which reads while {@code isReady()} and returns; the container calls {@code onDataAvailable}
 * again when more bytes come. The same drain task delivers the open and the end of the
 * connection, so the handler is never called from two threads at once.
 */
final class ServletTransport implements Transport, ReadListener, WriteListener {

    private static final int READ_BUFFER = 16 * 1024;

    private final WebConnection connection;
    private final TransportHandler handler;
    private final Executor executor;
    private final Endpoints endpoints;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object writeLock = new Object();
    private ServletInputStream in;
    private ServletOutputStream out;
    private byte[] readBytes;

    /** Set before a drain is requested; cleared by the drain as it starts reading. */
    private volatile boolean drainRequested;
    private volatile boolean opened;
    private volatile boolean suspended;
    private volatile boolean inputEnded;
    private volatile Throwable endCause;
    private boolean endReported;

    private ByteBuffer[] pending;
    private int pendingIndex;
    private WriteCallback pendingCallback;
    private boolean awaitingFlush;

    /** Where the connection runs, taken from the request before it was upgraded. */
    record Endpoints(boolean secure, InetSocketAddress local, InetSocketAddress remote) {
    }

    ServletTransport(WebConnection connection, TransportHandler handler, Executor executor, Endpoints endpoints) {
        this.connection = connection;
        this.handler = handler;
        this.executor = executor;
        this.endpoints = endpoints;
    }

    void start() {
        try {
            in = connection.getInputStream();
            out = connection.getOutputStream();
        } catch (IOException e) {
            connectionEnded(e);
            return;
        }
        out.setWriteListener(this);
        in.setReadListener(this);
        requestDrain();
    }

    // ------------------------------------------------------------------ reading

    @Override
    public void onDataAvailable() {
        requestDrain();
    }

    @Override
    public void onAllDataRead() {
        connectionEnded(null);
    }

    /** The connection ended: the peer closed it, it failed, or the container destroyed it. */
    void connectionEnded(Throwable cause) {
        if (!inputEnded) {
            endCause = cause;
            inputEnded = true;
        }
        requestDrain();
    }

    private void requestDrain() {
        drainRequested = true;
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopping) {
                drain(); // the container is shutting down: finish here rather than leave the session hanging
            }
        }
    }

    private void drain() {
        do {
            drainRequested = false;
            try {
                if (!opened) {
                    opened = true;
                    handler.onOpen(this);
                }
                readWhileReady();
            } catch (Throwable t) {
                inputEnded = true;
                if (endCause == null) {
                    endCause = t;
                }
            }
            if (inputEnded && !endReported) {
                endReported = true;
                closeQuietly();
                handler.onClosed(endCause);
            }
            draining.set(false);
            // A request that came while we were finishing found 'draining' set and left it to us.
        } while (drainRequested && !endReported && draining.compareAndSet(false, true));
    }

    private void readWhileReady() throws IOException {
        if (readBytes == null) {
            readBytes = new byte[READ_BUFFER];
        }
        while (!suspended && !inputEnded && in.isReady()) {
            int n = in.read(readBytes, 0, readBytes.length);
            if (n < 0) {
                inputEnded = true;
                return;
            }
            if (n > 0) {
                handler.onData(ByteBuffer.wrap(readBytes, 0, n));
            }
        }
    }

    @Override
    public void suspendReading() {
        suspended = true;
    }

    @Override
    public void resumeReading() {
        suspended = false;
        requestDrain();
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        synchronized (writeLock) {
            pending = buffers;
            pendingIndex = 0;
            pendingCallback = callback;
            awaitingFlush = false;
        }
        writeWhileReady();
    }

    @Override
    public void onWritePossible() {
        writeWhileReady();
    }

    /** Writes until the container says wait; completes the callback once every byte is out. */
    private void writeWhileReady() {
        WriteCallback done;
        try {
            synchronized (writeLock) {
                if (pendingCallback == null) {
                    return;
                }
                while (pendingIndex < pending.length) {
                    if (!out.isReady()) {
                        return; // onWritePossible continues
                    }
                    writeBuffer(pending[pendingIndex++]);
                }
                if (!awaitingFlush) {
                    if (!out.isReady()) {
                        return;
                    }
                    awaitingFlush = true;
                    out.flush();
                }
                if (!out.isReady()) {
                    return; // the flush is still under way
                }
                done = pendingCallback;
                pendingCallback = null;
                pending = null;
            }
        } catch (IOException | RuntimeException e) {
            failWrite(e);
            return;
        }
        done.completed();
    }

    private void writeBuffer(ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
        } else {
            byte[] copy = new byte[length];
            buffer.duplicate().get(copy);
            out.write(copy);
        }
        buffer.position(buffer.limit());
    }

    @Override
    public void onError(Throwable t) {
        failWrite(t);
        connectionEnded(t);
    }

    private void failWrite(Throwable cause) {
        WriteCallback failed;
        synchronized (writeLock) {
            failed = pendingCallback;
            pendingCallback = null;
            pending = null;
        }
        if (failed != null) {
            failed.failed(cause);
            connectionEnded(cause);
        }
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close(boolean abort) {
        if (ended.get()) {
            return;
        }
        failWrite(new ClosedChannelException());
        closeQuietly();
        connectionEnded(null);
    }

    private void closeQuietly() {
        if (ended.compareAndSet(false, true)) {
            try {
                connection.close();
            } catch (Exception ignored) {
                // Closing a connection that is already gone has nothing left to report.
            }
        }
    }

    @Override
    public boolean isSecure() {
        return endpoints.secure();
    }

    @Override
    public InetSocketAddress localAddress() {
        return endpoints.local();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return endpoints.remote();
    }
}
