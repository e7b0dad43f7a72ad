package dev.wsengine.bridge;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The portable transport: a connection upgraded with {@code HttpServletRequest.upgrade()}, read
 * and written with the non-blocking servlet streams.
 *
 * <p><b>Threads.</b> The handler never runs on the container's listener thread. An application
 * callback may block on a send, and a blocking send waits for {@code onWritePossible}, which
 * Tomcat never calls for a socket while one of its listener calls for that socket is still
 * running: running the handler there would deadlock. So every handler call happens in one
 * {@link SerialRunner} task on our executor.
 *
 * <p>The bytes themselves are read on the container's thread, inside {@link #onDataAvailable()},
 * and queued for that task. Reading from our own thread instead would race with the container:
 * Tomcat re-arms read interest after every dispatch and, when more bytes arrive, calls
 * {@code isReadyForRead()} on its socket buffer from a container thread while ours would be
 * reading the same buffer, without a lock between the two. Read on the container's thread, the
 * stream is only ever touched from the calls the container serializes itself.
 *
 * <p><b>Back-pressure.</b> While the engine has suspended reading (a streamed message's reader is
 * behind, or the peer does not read our replies), {@code onDataAvailable} returns without reading,
 * so that the socket is not read, TCP's window fills and the peer's writes wait; so it does while
 * the delivery is {@link #READ_AHEAD} behind, since the engine can only ask to suspend once it has
 * seen the bytes, and reading on until then could queue megabytes. The Servlet API
 * has no way to pause a {@code ReadListener}: Tomcat calls a listener that did not read again and
 * again while the kernel holds bytes, and neither container calls it again for bytes it already
 * holds unless an event comes. So pausing takes the container's {@link ContainerHooks}: the pause
 * is announced to it on its thread, and the resume asks it for a new read event, which calls
 * {@code onDataAvailable} on its thread again, serialized with its other calls. Whoever clears
 * {@link #paused} asks for that event, once. A closing transport does not pause: it reads and
 * drops until the peer's end.
 *
 * <p>On a container without such hooks, reading goes on into the queue, which is bounded: a peer
 * that sends faster than the application consumes, past {@code maxBacklog} bytes, loses the
 * connection instead of the server its memory.
 */
final class ServletTransport implements Transport, ReadListener {

    static final int READ_CHUNK = 32 * 1024;
    /**
     * Where the container can pause, how far reading may run ahead of the delivery: the engine
     * asks to suspend only once it sees the bytes, and reading on until then could fill megabytes.
     */
    static final long READ_AHEAD = 2L * READ_CHUNK;

    /** Where the connection runs, captured from the request before it was upgraded. */
    record Endpoints(boolean secure, InetSocketAddress local, InetSocketAddress remote) {
    }

    /** What every connection of a web application shares. */
    record Settings(Executor executor, long maxBacklog, BufferPool buffers, ContainerHooks hooks,
                    ScheduledExecutorService timer) {
        static Settings of(Executor executor, long maxBacklog, ScheduledExecutorService timer) {
            return new Settings(executor, maxBacklog, new BufferPool(READ_CHUNK, 256), ContainerHooksLoader.load(), timer);
        }
    }

    /** How long a lingering close waits for the peer's end before closing anyway (as on Jetty). */
    static final long LINGER_MS = 2_000;

    private final WebConnection connection;
    private final TransportHandler handler;
    private final Endpoints endpoints;
    private final long maxBacklog;
    private final BufferPool buffers;
    private final ContainerHooks hooks;
    private final ScheduledExecutorService timer;
    private final SerialRunner delivery;

    private ServletInputStream in;
    private ServletWriter writer;
    private boolean nativeBufferReads;
    private final boolean canPause;

    private final Object inboundLock = new Object();
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>(); // guarded by inboundLock
    private long backlog; // guarded by inboundLock: capacity of the queued buffers
    private ByteBuffer spare; // guarded by inboundLock

    private volatile boolean suspended;
    private volatile boolean inputEnded;
    private volatile Throwable failure;
    private volatile boolean closing;
    /** Our output is shut; input is read and dropped until the peer's end or the linger time. */
    private volatile boolean lingering;
    /** Past the backlog's bound, with the handler closing the connection: what arrives is dropped. */
    private volatile boolean discarding;
    private final AtomicBoolean connectionClosed = new AtomicBoolean();
    /**
     * {@code onDataAvailable} returned with bytes unread, and the container waits for
     * {@link ContainerHooks#resumeReading} before it calls again.
     */
    private final AtomicBoolean paused = new AtomicBoolean();
    /** Times reading paused, for tests. */
    private volatile long pauses;

    // Touched only by the delivery task.
    private boolean opened;
    private boolean endReported;

    ServletTransport(WebConnection connection, TransportHandler handler, Settings settings, Endpoints endpoints) {
        this.connection = connection;
        this.handler = handler;
        this.endpoints = endpoints;
        this.maxBacklog = settings.maxBacklog();
        this.buffers = settings.buffers();
        this.hooks = ContainerHooksLoader.forConnection(settings.hooks(), connection);
        this.canPause = hooks.canPauseReading();
        this.timer = settings.timer();
        this.delivery = new SerialRunner(settings.executor(), this::deliver);
    }

    /** Called from {@code HttpUpgradeHandler.init}, on the container's thread. */
    void start() {
        ServletOutputStream out;
        try {
            in = connection.getInputStream();
            out = connection.getOutputStream();
        } catch (IOException | RuntimeException e) {
            failed(e);
            return;
        }
        nativeBufferReads = Overrides.declares(in.getClass(), ServletInputStream.class, "read", ByteBuffer.class);
        writer = new ServletWriter(out);
        out.setWriteListener(writer);
        in.setReadListener(this);
        delivery.request(); // onOpen, off the container's thread
    }

    // ------------------------------------------------------------------ container events

    @Override
    public void onDataAvailable() {
        try {
            readWhileReady();
        } catch (InboundOverflow overflow) {
            // The handler closes with a reason (a Close frame, then TCP); meanwhile what arrives is
            // read and dropped, as while closing, so the backlog's memory goes back at once.
            if (!handler.onOverload(overflow.getMessage())) {
                failed(overflow);
                return;
            }
            discardInbound();
            try {
                readWhileReady();
            } catch (Exception e) {
                failed(e);
                return;
            }
        } catch (Exception e) {
            failed(e);
            return;
        }
        delivery.request();
    }

    /** The backlog went past its bound: the bytes queued, and all that follow, are dropped. */
    private void discardInbound() {
        discarding = true;
        synchronized (inboundLock) {
            inbound.forEach(buffers::release);
            inbound.clear();
            backlog = 0;
        }
    }

    /** Thrown when the inbound queue passes its bound. */
    private static final class InboundOverflow extends IOException {
        InboundOverflow(String message) {
            super(message);
        }
    }

    @Override
    public void onAllDataRead() {
        inputEnded = true;
        if (lingering) {
            closeConnection();
        }
        delivery.request();
    }

    @Override
    public void onError(Throwable cause) {
        failed(cause);
    }

    /**
     * The container tore the upgraded connection down. What was read before still goes to the
     * handler (it may hold the peer's Close), then the end.
     */
    void destroyed() {
        inputEnded = true;
        closeConnection();
    }

    private void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        if (writer != null) {
            writer.fail(cause);
        }
        delivery.request();
    }

    // ------------------------------------------------------------------ reading (container thread)

    private void readWhileReady() throws Exception {
        while (!inputEnded && failure == null && in.isReady()) {
            if (holdsBack()) {
                pause();
                return;
            }
            ByteBuffer buffer = takeBuffer();
            int n = readInto(buffer);
            if (n <= 0 || closing || discarding) {
                // Once closing, bytes are still read (a container re-dispatches a socket with
                // unread bytes) but nobody wants them.
                recycle(buffer);
                if (n < 0) {
                    inputEnded = true;
                    if (lingering) {
                        closeConnection(); // the peer read our end and sent its own
                    }
                }
                continue;
            }
            if (copiedBehindLastQueued(buffer)) {
                recycle(buffer);
            }
        }
    }

    /** Reading waits: the engine suspended it, or the delivery is a read-ahead behind. */
    private boolean holdsBack() {
        return canPause && !closing && !discarding && (suspended || backlogBytes() >= READ_AHEAD);
    }

    /** On the delivery thread, when the reason for a pause may have gone. */
    private void resumeIfPaused() {
        if (paused.get() && !holdsBack()) {
            try {
                resumeContainer();
            } catch (Exception | LinkageError e) {
                failed(e);
            }
        }
    }

    /**
     * Leaves the bytes the container holds where they are. A resume that came between the check
     * and the flag found nothing paused, so the check is made again: one of the two sees the other.
     */
    private void pause() throws Exception {
        pauses++; // only ever on the container's thread, which the container serializes
        // The container's pause first, then the flag a resume looks for: the other way round, a
        // resume between the two found the flag, woke the container, and the pause then set after
        // it was never undone (seen as a hung connection on Tomcat).
        hooks.readingPaused(connection);
        paused.set(true);
        if (!holdsBack()) {
            resumeContainer();
        }
    }

    /** Asks the container for a read event, once per pause, whoever gets here first. */
    private void resumeContainer() throws Exception {
        if (paused.compareAndSet(true, false)) {
            hooks.resumeReading(connection);
        }
    }

    /** How many times reading paused; for tests. */
    long pauses() {
        return pauses;
    }

    /** Bytes of the buffers queued for delivery (what the peer sent ahead of the application); for tests. */
    long backlogBytes() {
        synchronized (inboundLock) {
            return backlog;
        }
    }

    /**
     * Copies the bytes of {@code buffer} behind those of the last queued buffer when they fit
     * there (true: {@code buffer} is free again), else queues it. Tomcat hands over at most 8 KiB
     * a read, and a 32 KiB buffer queued for each would count (and hold) four times the bytes
     * while the application falls behind.
     */
    private boolean copiedBehindLastQueued(ByteBuffer buffer) throws IOException {
        synchronized (inboundLock) {
            ByteBuffer last = inbound.peekLast(); // the delivery task polls buffers whole: this one is not in use
            if (last != null && last.capacity() - last.limit() >= buffer.remaining()) {
                int end = last.limit();
                last.limit(end + buffer.remaining());
                last.put(end, buffer, buffer.position(), buffer.remaining());
                return true;
            }
            inbound.add(buffer);
            backlog += buffer.capacity();
            if (backlog > maxBacklog) {
                throw new InboundOverflow("The peer sent over " + maxBacklog
                        + " bytes that the application has not consumed yet");
            }
            return false;
        }
    }

    /**
     * Reads into the cleared {@code buffer} and leaves the bytes read between its position and
     * limit. The Servlet API's default {@code read(ByteBuffer)} copies through a new array on
     * every call, so where the container does not override it we read into the buffer's own array.
     * Where it does, we accept both ways of leaving the buffer (position kept and limit moved, as
     * the Servlet API specifies, or position moved like a channel), since only the count is certain.
     */
    private int readInto(ByteBuffer buffer) throws IOException {
        buffer.clear();
        if (!nativeBufferReads) {
            int n = in.read(buffer.array(), buffer.arrayOffset(), buffer.capacity());
            if (n > 0) {
                buffer.limit(n);
            }
            return n;
        }
        int n = in.read(buffer);
        if (n > 0) {
            buffer.limit(n);
            buffer.position(0);
        }
        return n;
    }

    private ByteBuffer takeBuffer() {
        synchronized (inboundLock) {
            ByteBuffer buffer = spare;
            spare = null;
            return buffer != null ? buffer : buffers.acquire();
        }
    }

    /** Keeps one buffer for the next read while bytes flow; the pool gets the rest. */
    private void recycle(ByteBuffer buffer) {
        synchronized (inboundLock) {
            if (spare == null) {
                spare = buffer;
                return;
            }
        }
        buffers.release(buffer);
    }

    /** Nothing is queued: an idle connection keeps no buffer. */
    private void releaseSpare() {
        ByteBuffer idle;
        synchronized (inboundLock) {
            idle = inbound.isEmpty() ? spare : null;
            if (idle != null) {
                spare = null;
            }
        }
        if (idle != null) {
            buffers.release(idle);
        }
    }

    private ByteBuffer pollInbound() {
        synchronized (inboundLock) {
            ByteBuffer buffer = inbound.poll();
            if (buffer != null) {
                backlog -= buffer.capacity();
            }
            return buffer;
        }
    }

    // ------------------------------------------------------------------ delivery (our thread)

    private void deliver() {
        resumeIfPaused(); // here rather than in resumeReading, whose caller may hold the engine's locks
        if (!opened) {
            opened = true;
            try {
                handler.onOpen(this);
            } catch (RuntimeException | Error e) {
                failed(e);
                closeConnection();
            }
        }
        while (!endReported) {
            if (failure != null || (closing && connectionClosed.get())) {
                reportEnd(failure); // nobody wants what is still queued
                return;
            }
            if (closing || suspended) {
                return; // the close, or resumeReading, asks for another run
            }
            ByteBuffer buffer = pollInbound();
            resumeIfPaused();
            if (buffer == null) {
                if (inputEnded) {
                    reportEnd(null);
                } else {
                    releaseSpare();
                }
                return;
            }
            try {
                handler.onData(buffer);
            } catch (RuntimeException | Error e) {
                failed(e);
                closeConnection();
            }
            recycle(buffer);
        }
    }

    private void reportEnd(Throwable cause) {
        endReported = true;
        closeConnection();
        synchronized (inboundLock) {
            inbound.forEach(buffers::release);
            inbound.clear();
            backlog = 0;
            if (spare != null) {
                buffers.release(spare);
                spare = null;
            }
        }
        handler.onClosed(cause);
    }

    // ------------------------------------------------------------------ Transport

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        ServletWriter w = writer;
        if (w == null) {
            callback.failed(failure != null ? failure : new ClosedChannelException());
            return;
        }
        w.write(callback, buffers);
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
        if (paused.get()) {
            delivery.request(); // a closing transport reads on, to drain until the peer's end
        }
        if (abort || writer == null) {
            closeConnection();
        } else {
            writer.whenIdle(this::lingerOrClose);
        }
    }

    /** Nothing more comes from the peer: closed once our last bytes are written, without lingering. */
    @Override
    public void closeAfterCloseHandshake() {
        closing = true;
        if (writer == null) {
            closeConnection();
        } else {
            writer.whenIdle(this::closeConnection);
        }
    }

    /**
     * Once our last bytes are written: where the container lets us, FIN first and drain what the
     * peer still sends (a peer refused mid-message keeps writing its payload), so that our Close
     * is not destroyed by a reset; else close at once.
     */
    private void lingerOrClose() {
        if (connectionClosed.get() || inputEnded || failure != null) {
            closeConnection();
            return;
        }
        boolean shut;
        try {
            shut = hooks.shutdownOutput(connection);
        } catch (Exception | LinkageError cannot) {
            shut = false;
        }
        if (!shut) {
            closeConnection();
            return;
        }
        lingering = true;
        try {
            timer.schedule(this::closeConnection, LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            closeConnection();
            return;
        }
        if (inputEnded) {
            closeConnection(); // the peer's end arrived while we were shutting ours
        }
    }

    private void closeConnection() {
        if (!connectionClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            hooks.close(connection);
        } catch (Exception alreadyGone) {
            // Nothing is left to tell the peer; the handler learns of the end through onClosed.
        }
        if (writer != null) {
            writer.fail(new ClosedChannelException());
        }
        delivery.request();
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
