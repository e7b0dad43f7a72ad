package dev.wsengine.session;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.WriteCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one queue every outgoing frame of a session goes through.
 *
 * <p>It keeps one write in flight on the transport (the transport contract), gathers everything
 * queued meanwhile into the next write, lets control frames overtake queued data frames (never in
 * the middle of a frame, since entries are whole frames), holds frames back while batching is on,
 * and fails everything still queued once the connection has failed. A frame's callback runs only
 * when its bytes have been handed to the transport and the transport reported them written.
 */
final class FrameFlusher implements WriteCallback {

    /** Sends beyond this many queued bytes are refused rather than buffered without bound. */
    static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    /** While batching, frames are held until this many bytes are queued or flushBatch is called. */
    private static final long BATCH_BYTES = 64 * 1024;

    /** Automatic Pongs queued beyond this many replace the newest one (see {@link #enqueuePong}). */
    static final int MAX_QUEUED_PONGS = 32;

    /** The most frames gathered into one transport write. */
    private static final int MAX_GATHER = 64;

    private final Object lock = new Object();
    private final ArrayDeque<Frame> control = new ArrayDeque<>();
    private final ArrayDeque<Frame> data = new ArrayDeque<>();
    /** Grows on first use (an idle session's stays empty) and keeps its size after. */
    private final List<Frame> inFlight = new ArrayList<>();
    private final long maxQueuedBytes;
    private final FrameBufferPool pool;
    private Transport transport;
    private boolean writing;
    private boolean batching;
    private long queuedBytes;
    /** The callback every automatic Pong of this session carries, and how many of them are queued. */
    private WriteCallback pongMarker;
    private int queuedPongs;
    private Throwable failure;

    FrameFlusher(long maxQueuedBytes, FrameBufferPool pool) {
        this.maxQueuedBytes = maxQueuedBytes;
        this.pool = pool;
    }

    /**
     * One encoded frame (one or two buffers), who to tell when it is written, and the pooled slab
     * its bytes are in (null when they are not in one), which goes back to the pool once no
     * transport can read it any more.
     */
    record Frame(ByteBuffer[] buffers, long size, WriteCallback callback, ByteBuffer slab) {
    }

    /** Frames queued before the transport is attached wait for it. */
    void attach(Transport transport) {
        synchronized (lock) {
            this.transport = transport;
        }
        flushIfIdle(false);
    }

    /** Queues a data frame behind earlier data frames. */
    void enqueueData(Frame frame) {
        enqueue(frame, false);
    }

    /** Queues a control frame ahead of queued data frames. */
    void enqueueControl(Frame frame) {
        enqueue(frame, true);
    }

    /**
     * Queues an automatic Pong. A peer that sends Pings without reading the Pongs would grow this
     * queue without bound, so past {@value #MAX_QUEUED_PONGS} queued Pongs the newest one is
     * replaced: RFC 6455 (5.5.3) lets an endpoint answer only the most recent Ping. Below that
     * every Ping gets its Pong, in order, as peers and test suites expect. Automatic Pongs are
     * told apart by {@code frame.callback()}, the same for every one of a session.
     */
    void enqueuePong(Frame frame) {
        Frame replaced = null;
        synchronized (lock) {
            pongMarker = frame.callback();
            if (failure == null && queuedPongs >= MAX_QUEUED_PONGS) {
                for (Iterator<Frame> queued = control.descendingIterator(); queued.hasNext(); ) {
                    Frame f = queued.next();
                    if (f.callback() == pongMarker) {
                        queued.remove();
                        queuedBytes -= f.size();
                        queuedPongs--;
                        replaced = f;
                        break;
                    }
                }
            }
        }
        if (replaced != null) {
            release(replaced); // nobody waits on an automatic Pong: its callback has nothing to tell
        }
        enqueue(frame, true);
    }

    private void enqueue(Frame frame, boolean isControl) {
        Throwable refused;
        synchronized (lock) {
            refused = failure;
            if (refused == null && !isControl && queuedBytes + frame.size() > maxQueuedBytes) {
                refused = new IOException("Outgoing queue full: " + queuedBytes + " bytes are waiting to be"
                        + " written (limit " + maxQueuedBytes + "); the peer is not reading fast enough");
            }
            if (refused == null) {
                (isControl ? control : data).add(frame);
                queuedBytes += frame.size();
                if (frame.callback() == pongMarker) {
                    queuedPongs++;
                }
            }
        }
        if (refused != null) {
            release(frame);
            frame.callback().failed(refused);
            return;
        }
        flushIfIdle(isControl);
    }

    void setBatching(boolean batching) {
        synchronized (lock) {
            this.batching = batching;
        }
        if (!batching) {
            flushIfIdle(true);
        }
    }

    boolean isBatching() {
        synchronized (lock) {
            return batching;
        }
    }

    /** Writes whatever batching held back. */
    void flushBatch() {
        flushIfIdle(true);
    }

    /**
     * Fails every queued and in-flight frame and refuses new ones, so that no sender stays blocked
     * on a connection that is gone. A late completion from the transport then finds nothing to complete.
     */
    void fail(Throwable cause) {
        List<Frame> dropped = new ArrayList<>();
        List<Frame> abandoned;
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            // The transport may still be reading these: their slabs must never be handed out again.
            abandoned = new ArrayList<>(inFlight);
            inFlight.clear();
            dropped.addAll(control);
            dropped.addAll(data);
            control.clear();
            data.clear();
            queuedBytes = 0;
            queuedPongs = 0;
        }
        for (Frame f : abandoned) {
            if (f.slab() != null) {
                pool.forget(f.slab());
            }
            f.callback().failed(cause);
        }
        for (Frame f : dropped) {
            release(f);
            f.callback().failed(cause);
        }
    }

    private void release(Frame frame) {
        if (frame.slab() != null) {
            pool.release(frame.slab());
        }
    }

    private void flushIfIdle(boolean force) {
        ByteBuffer[] gathered;
        Transport target;
        synchronized (lock) {
            if (writing || transport == null || failure != null || (control.isEmpty() && data.isEmpty())) {
                return;
            }
            if (batching && !force && control.isEmpty() && queuedBytes < BATCH_BYTES) {
                return;
            }
            gathered = takeBatch();
            writing = true;
            target = transport;
        }
        target.write(this, gathered);
    }

    /** Moves up to MAX_GATHER frames, control first, into inFlight; returns their buffers. */
    private ByteBuffer[] takeBatch() {
        int buffers = 0;
        while (inFlight.size() < MAX_GATHER && !(control.isEmpty() && data.isEmpty())) {
            Frame f = control.isEmpty() ? data.poll() : control.poll();
            inFlight.add(f);
            queuedBytes -= f.size();
            if (f.callback() == pongMarker) {
                queuedPongs--;
            }
            buffers += f.buffers().length;
        }
        if (inFlight.size() == 1) {
            return inFlight.get(0).buffers(); // the common case, a reply at a time: nothing to gather
        }
        ByteBuffer[] gathered = new ByteBuffer[buffers];
        int i = 0;
        for (Frame f : inFlight) {
            for (ByteBuffer b : f.buffers()) {
                gathered[i++] = b;
            }
        }
        return gathered;
    }

    @Override
    public void completed() {
        Frame[] done;
        synchronized (lock) {
            done = inFlight.toArray(new Frame[0]);
            inFlight.clear();
            writing = false;
        }
        for (Frame f : done) {
            release(f);
            f.callback().completed();
        }
        flushIfIdle(false);
    }

    @Override
    public void failed(Throwable cause) {
        Frame[] done;
        synchronized (lock) {
            done = inFlight.toArray(new Frame[0]);
            inFlight.clear();
            writing = false;
        }
        for (Frame f : done) {
            release(f); // the transport has given up on them: nothing reads them any more
            f.callback().failed(cause);
        }
        fail(cause);
    }
}
