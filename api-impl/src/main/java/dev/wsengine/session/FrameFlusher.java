package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.metrics.EndpointMetrics;
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
 *
 * <p>Slow peers ({@link SendLimits}): the queue is bounded in bytes and data frames; crossing the
 * high-water mark and falling back to the low-water mark are reported to a {@link Pressure}
 * listener (the session stops and resumes reading), and {@link #stalledNanos} tells how long
 * queued bytes have waited without any write making progress.
 *
 * <p>Writes are at most {@value #WRITE_SLICE} bytes each: NIO writes a heap buffer through a
 * direct copy of its whole remaining length, cached per thread afterwards, so one 16 MiB reply
 * written in one call would pin 16 MiB of native memory on every thread that ever wrote one.
 * Slices are written one after the other, iteratively when the transport completes them inline.
 *
 * <p>Its own monitor guards its state (a lock object would be 16 more bytes on every session):
 * only the session holds it, and transports only call it back.
 */
final class FrameFlusher implements WriteCallback {

    /** The most bytes handed to the transport in one write. */
    static final int WRITE_SLICE = 64 * 1024;

    private static final ByteBuffer[] NONE = new ByteBuffer[0];
    private static final Frame[] NO_FRAMES = new Frame[0];

    /** Told when the bytes waiting to be written cross the high-water mark, and when they fall back. */
    interface Pressure {
        /** Called holding the flusher's monitor: must not block nor call back into the flusher. */
        void onPressure(boolean high);
    }

    /** While batching, frames are held until this many bytes are queued or flushBatch is called. */
    private static final long BATCH_BYTES = 64 * 1024;

    /** Automatic Pongs queued beyond this many replace the newest one (see {@link #enqueuePong}). */
    static final int MAX_QUEUED_PONGS = 32;

    /** The most frames gathered into one transport write. */
    private static final int MAX_GATHER = 64;

    /*
     * The queues are made on first use: an idle session's flusher holds none (the two deques and
     * the list with their arrays are 120 bytes). Once made they stay, at the size load grew them to.
     */
    private ArrayDeque<Frame> control;
    private ArrayDeque<Frame> data;
    private List<Frame> inFlight;
    private final SendLimits limits;
    private final FrameBufferPool pool;
    private final Pressure pressure;
    private final EndpointMetrics metrics;
    /** The container's, charged with every change of {@link #pendingBytes} (see {@link #addPending}). */
    private final BufferBudget budget;
    /** The most bytes this queue has held; reported to the metrics only when it grows. */
    private long peakPendingBytes;
    private Transport transport;
    private boolean writing;
    private boolean batching;
    /** Bytes of queued frames (not in flight). */
    private long queuedBytes;
    /** Bytes of every frame not yet reported written: queued and in flight. */
    private long pendingBytes;
    private boolean highWater;
    /** When a write last made progress, or when bytes started waiting after none did. */
    private long lastProgressNanos = System.nanoTime();
    /** The buffers of the frames in flight, written slice by slice from {@link #next}. */
    private ByteBuffer[] batch = NONE;
    private int next;
    /** The slice in flight: buffers next..sliceEnd-1 whole, then sliceTail bytes of buffer sliceEnd. */
    private int sliceEnd;
    private int sliceTail;
    private boolean sliceIsBatch;
    /** The thread inside transport.write, so that an inline completion does not recurse. */
    private Thread writeCaller;
    /** The thread whose write completed inline, before transport.write returned to it. */
    private Thread completedInline;
    /** The callback every automatic Pong of this session carries, and how many of them are queued. */
    private WriteCallback pongMarker;
    private int queuedPongs;
    private Throwable failure;

    FrameFlusher(SendLimits limits, FrameBufferPool pool, Pressure pressure) {
        this(limits, pool, pressure, EndpointMetrics.untracked());
    }

    FrameFlusher(SendLimits limits, FrameBufferPool pool, Pressure pressure, EndpointMetrics metrics) {
        this(limits, pool, pressure, metrics, BufferBudget.none());
    }

    FrameFlusher(SendLimits limits, FrameBufferPool pool, Pressure pressure, EndpointMetrics metrics,
                 BufferBudget budget) {
        this.budget = budget;
        this.metrics = metrics;
        this.limits = limits;
        this.pool = pool;
        this.pressure = pressure;
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
        synchronized (this) {
            this.transport = transport;
        }
        flushIfIdle(false);
    }

    /** Queues a data frame behind earlier data frames. */
    void enqueueData(Frame frame) {
        enqueue(frame, false, true);
    }

    /** Queues a Ping or Pong ahead of queued data frames. */
    void enqueueControl(Frame frame) {
        enqueue(frame, true, false);
    }

    /**
     * Queues the Close behind every data frame queued before it: nothing may follow a Close on
     * the wire (RFC 6455 5.5.1), and replies the application returned are queued, not written at
     * once. Never refused for the queue's limits: the Close is what ends a full queue.
     */
    void enqueueClose(Frame frame) {
        enqueue(frame, false, false);
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
        synchronized (this) {
            pongMarker = frame.callback();
            if (failure == null && queuedPongs >= MAX_QUEUED_PONGS && control != null) {
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
            synchronized (this) {
                addPending(-replaced.size());
            }
            release(replaced); // nobody waits on an automatic Pong: its callback has nothing to tell
        }
        enqueue(frame, true, false);
    }

    /**
     * Adds {@code frame} to the control or the data queue; {@code limited} frames (data) are
     * refused past the queue's limits, the others (control frames, the Close) never, and are
     * written at once even while batching.
     */
    private void enqueue(Frame frame, boolean isControl, boolean limited) {
        Throwable refused;
        boolean overBudget = false;
        synchronized (this) {
            refused = failure;
            if (refused == null && limited && pendingBytes + frame.size() > limits.maxQueuedBytes()) {
                refused = new IOException("Outgoing queue full: " + pendingBytes + " bytes are waiting to be"
                        + " written (limit " + limits.maxQueuedBytes() + "); the peer is not reading fast enough");
            } else if (refused == null && limited && data != null && data.size() >= limits.maxQueuedFrames()) {
                refused = new IOException("Outgoing queue full: " + data.size() + " frames are waiting to be"
                        + " written (limit " + limits.maxQueuedFrames() + "); the peer is not reading fast enough");
            }
            if (refused == null) {
                if (isControl) {
                    if (control == null) {
                        control = new ArrayDeque<>(1);
                    }
                    control.add(frame);
                } else {
                    if (data == null) {
                        data = new ArrayDeque<>(1);
                    }
                    data.add(frame);
                }
                queuedBytes += frame.size();
                if (pendingBytes == 0) {
                    lastProgressNanos = System.nanoTime(); // the stall clock starts with the first waiting byte
                }
                overBudget = addPending(frame.size());
                if (pendingBytes > peakPendingBytes) {
                    peakPendingBytes = pendingBytes;
                    metrics.sendQueueDepth(pendingBytes);
                }
                if (frame.callback() == pongMarker) {
                    queuedPongs++;
                }
                updatePressure();
            }
        }
        if (refused != null) {
            release(frame);
            frame.callback().failed(refused);
            return;
        }
        if (overBudget && limited) {
            // Data only: the Close of a session being shed must not get it cut at once. Outside
            // our lock, since it looks at other sessions' queues.
            budget.shedLoad();
        }
        flushIfIdle(!limited);
    }

    void setBatching(boolean batching) {
        synchronized (this) {
            this.batching = batching;
        }
        if (!batching) {
            flushIfIdle(true);
        }
    }

    boolean isBatching() {
        synchronized (this) {
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
        Frame[] abandoned;
        synchronized (this) {
            if (failure == null) {
                failure = cause;
            }
            // The transport may still be reading these: their slabs must never be handed out again.
            abandoned = takeInFlight();
            batch = NONE;
            next = 0;
            drain(control, dropped);
            drain(data, dropped);
            queuedBytes = 0;
            queuedPongs = 0;
            addPending(-pendingBytes);
            updatePressure();
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

    /**
     * Drops every queued frame that has not started (failing their callbacks with {@code cause}),
     * keeping the one being written, so that a Close queued next follows it: what a slow peer is
     * closed with.
     */
    void dropQueued(Throwable cause) {
        List<Frame> dropped = new ArrayList<>();
        synchronized (this) {
            drain(control, dropped);
            drain(data, dropped);
            addPending(-queuedBytes);
            queuedBytes = 0;
            queuedPongs = 0;
            updatePressure();
        }
        for (Frame f : dropped) {
            release(f);
            f.callback().failed(cause);
        }
    }

    /** How long bytes have been waiting without any write making progress; 0 when none wait. */
    long stalledNanos() {
        synchronized (this) {
            return pendingBytes == 0 ? 0 : System.nanoTime() - lastProgressNanos;
        }
    }

    /** True while more than the high-water mark is waiting and the low-water mark was not reached since. */
    boolean isAboveHighWater() {
        synchronized (this) {
            return highWater;
        }
    }

    long pendingBytes() {
        synchronized (this) {
            return pendingBytes;
        }
    }

    /**
     * Changes {@link #pendingBytes} and the container's budget alike, so that the budget returns
     * what a session charged whichever way its frames end; true when a charge took the container
     * past its budget. Called holding the monitor.
     */
    private boolean addPending(long delta) {
        pendingBytes += delta;
        return delta != 0 && budget.add(delta);
    }

    private void updatePressure() {
        if (!highWater && pendingBytes > limits.highWaterBytes()) {
            highWater = true;
            pressure.onPressure(true);
        } else if (highWater && pendingBytes <= limits.lowWaterBytes()) {
            highWater = false;
            pressure.onPressure(false);
        }
    }

    private void release(Frame frame) {
        if (frame.slab() != null) {
            pool.release(frame.slab());
        }
    }

    /** The frames in flight, which no longer are; called holding the monitor. */
    private Frame[] takeInFlight() {
        if (inFlight == null || inFlight.isEmpty()) {
            return NO_FRAMES;
        }
        Frame[] taken = inFlight.toArray(NO_FRAMES);
        inFlight.clear();
        return taken;
    }

    private static void drain(ArrayDeque<Frame> queue, List<Frame> into) {
        if (queue != null) {
            into.addAll(queue);
            queue.clear();
        }
    }

    private static boolean isEmpty(ArrayDeque<Frame> queue) {
        return queue == null || queue.isEmpty();
    }

    private void flushIfIdle(boolean force) {
        ByteBuffer[] slice;
        Transport target;
        synchronized (this) {
            if (writing || transport == null || failure != null || (isEmpty(control) && isEmpty(data))) {
                return;
            }
            if (batching && !force && isEmpty(control) && queuedBytes < BATCH_BYTES) {
                return;
            }
            takeBatch();
            slice = nextSlice();
            writing = true;
            target = transport;
        }
        write(target, slice);
    }

    /**
     * Hands slices to the transport until one does not complete inline; an inline completion only
     * marks it, so a big frame's slices are a loop here, not a recursion through the transport.
     */
    private void write(Transport target, ByteBuffer[] slice) {
        Thread me = Thread.currentThread();
        while (slice != null) {
            synchronized (this) {
                writeCaller = me;
            }
            target.write(this, slice);
            synchronized (this) {
                if (writeCaller == me) {
                    writeCaller = null;
                }
                if (completedInline != me) {
                    return; // the completion, on whichever thread, carries on
                }
                completedInline = null;
            }
            slice = afterSlice();
        }
    }

    /** Moves up to MAX_GATHER frames, control first, into inFlight and their buffers into {@link #batch}. */
    private void takeBatch() {
        int buffers = 0;
        if (inFlight == null) {
            inFlight = new ArrayList<>();
        }
        while (inFlight.size() < MAX_GATHER && !(isEmpty(control) && isEmpty(data))) {
            Frame f = isEmpty(control) ? data.poll() : control.poll();
            inFlight.add(f);
            queuedBytes -= f.size();
            if (f.callback() == pongMarker) {
                queuedPongs--;
            }
            buffers += f.buffers().length;
        }
        next = 0;
        if (inFlight.size() == 1) {
            batch = inFlight.get(0).buffers(); // the common case, a reply at a time: nothing to gather
            return;
        }
        batch = new ByteBuffer[buffers];
        int i = 0;
        for (Frame f : inFlight) {
            for (ByteBuffer b : f.buffers()) {
                batch[i++] = b;
            }
        }
    }

    /** The next at most {@link #WRITE_SLICE} bytes of the batch, or null when all were written. */
    private ByteBuffer[] nextSlice() {
        while (next < batch.length && !batch[next].hasRemaining()) {
            next++;
        }
        if (next == batch.length) {
            return null;
        }
        long total = 0;
        int end = next;
        while (end < batch.length && total + batch[end].remaining() <= WRITE_SLICE) {
            total += batch[end].remaining();
            end++;
        }
        if (end == batch.length && next == 0) {
            sliceIsBatch = true; // small enough to go as it is; the transport consumes the buffers
            return batch;
        }
        sliceIsBatch = false;
        sliceEnd = end;
        sliceTail = end < batch.length ? (int) (WRITE_SLICE - total) : 0;
        ByteBuffer[] slice = new ByteBuffer[end - next + (sliceTail > 0 ? 1 : 0)];
        for (int i = next; i < end; i++) {
            slice[i - next] = batch[i].duplicate();
        }
        if (sliceTail > 0) {
            ByteBuffer tail = batch[end].duplicate();
            tail.limit(tail.position() + sliceTail);
            slice[slice.length - 1] = tail;
        }
        return slice;
    }

    /**
     * After a slice was written: the next slice, or null once the batch is done (its frames are
     * then completed and the next batch, if any, started on a fresh call).
     */
    private ByteBuffer[] afterSlice() {
        Frame[] done;
        synchronized (this) {
            lastProgressNanos = System.nanoTime();
            if (failure != null) {
                writing = false; // fail() has already failed what was in flight
                return null;
            }
            if (sliceIsBatch) {
                next = batch.length;
            } else {
                for (int i = next; i < sliceEnd; i++) {
                    batch[i].position(batch[i].limit());
                }
                if (sliceTail > 0) {
                    batch[sliceEnd].position(batch[sliceEnd].position() + sliceTail);
                }
                next = sliceEnd;
            }
            ByteBuffer[] slice = nextSlice();
            if (slice != null) {
                return slice;
            }
            done = takeInFlight();
            batch = NONE;
            writing = false;
            for (Frame f : done) {
                addPending(-f.size());
            }
            updatePressure();
        }
        for (Frame f : done) {
            release(f);
            f.callback().completed();
        }
        flushIfIdle(false);
        return null;
    }

    @Override
    public void completed() {
        Transport target;
        synchronized (this) {
            if (writeCaller == Thread.currentThread()) {
                completedInline = writeCaller;
                return;
            }
            target = transport;
        }
        write(target, afterSlice());
    }

    @Override
    public void failed(Throwable cause) {
        Frame[] done;
        synchronized (this) {
            done = takeInFlight();
            batch = NONE;
            writing = false;
            writeCaller = null;
            for (Frame f : done) {
                addPending(-f.size());
            }
        }
        for (Frame f : done) {
            release(f); // the transport has given up on them: nothing reads them any more
            f.callback().failed(cause);
        }
        fail(cause);
    }
}
