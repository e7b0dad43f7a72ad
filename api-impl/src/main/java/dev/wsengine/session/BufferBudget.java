package dev.wsengine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a whole container may hold on behalf of its peers: every session's outgoing frames
 * not yet written (queued and in flight). One per container, shared by its sessions.
 *
 * <p>{@link SendLimits} bound one session; with thousands of peers that do not read, their sum
 * is what exhausts the heap. When a queued frame takes the total past {@link #limitBytes()}, load
 * is shed, most first and one session at a time:
 * <ol>
 * <li>a session already told to go (below) that still holds bytes has its connection cut: it was
 *     asked to leave and its peer did not read the Close, and its bytes are the ones that keep us
 *     over the budget;</li>
 * <li>otherwise the session holding the most, if it holds more than its own low-water mark, is
 *     closed through the close handshake with 1013 (Try Again Later): its queued frames are
 *     dropped, the frame being written is finished if the peer reads it, the Close follows.</li>
 * </ol>
 * A session at or below its low-water mark is never shed: the heap then stays below about the
 * budget plus, for every session, its low-water mark and one message being queued.
 *
 * <p>Queuing a frame costs one atomic add; the sessions are looked at only while over the budget,
 * by one thread at a time, and, when none can be shed, at most every {@value #QUIET_MS} ms.
 */
public final class BufferBudget {

    /** The part of the heap ({@code Runtime.maxMemory()}) a container's budget is by default. */
    public static final int DEFAULT_HEAP_DIVISOR = 4;

    /** After a look at the sessions found none to shed, the next is not before this many ms. */
    static final long QUIET_MS = 10;

    /** What the budget needs of a session: its bytes, its floor, and the two ways to shed it. */
    interface Holder {
        /** Bytes charged to the budget by this session now. */
        long heldBytes();

        /** At or below this many bytes, the session is never shed. */
        long floorBytes();

        /** Closes the session with 1013 through the close handshake; never blocks. */
        void shed(String reason);

        /** Cuts the connection of a session that was shed; never blocks. */
        void cut(String reason);
    }

    private final AtomicLong held = new AtomicLong();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();
    /** Holders already shed: they are cut, not shed again. Removed with the holder. */
    private final Set<Holder> shed = ConcurrentHashMap.newKeySet();
    private final Set<Holder> cut = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean looking = new AtomicBoolean();
    /** False for {@link #none()}: nothing is counted nor shed. */
    private final boolean counting;
    private volatile long limitBytes;
    private volatile long quietUntilNanos = System.nanoTime();

    /** @param limitBytes the budget; 0 for none (bytes are still counted) */
    public BufferBudget(long limitBytes) {
        this(limitBytes, true);
    }

    private BufferBudget(long limitBytes, boolean counting) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must be 0 (no limit) or positive, got "
                    + limitBytes);
        }
        this.counting = counting;
        this.limitBytes = limitBytes;
    }

    /** A budget of a quarter of the heap this JVM may grow to. */
    public static BufferBudget ofHeap() {
        return new BufferBudget(defaultLimitBytes());
    }

    /** {@code Runtime.maxMemory() / }{@value #DEFAULT_HEAP_DIVISOR}. */
    public static long defaultLimitBytes() {
        return Runtime.getRuntime().maxMemory() / DEFAULT_HEAP_DIVISOR;
    }

    private static final BufferBudget NONE = new BufferBudget(0, false);

    /** No budget: what client sessions and sessions built without a container have; shared, counts nothing. */
    static BufferBudget none() {
        return NONE;
    }

    /** @param bytes the budget; 0 for none */
    public void setLimitBytes(long bytes) {
        if (!counting) {
            throw new IllegalStateException("The shared no-budget instance has no limit to set");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must be 0 (no limit) or positive, got " + bytes);
        }
        this.limitBytes = bytes;
    }

    /** The budget in bytes; 0 when there is none. */
    public long limitBytes() {
        return limitBytes;
    }

    /** Bytes all sessions hold now. */
    public long heldBytes() {
        return held.get();
    }

    /** How many sessions are counted. */
    public int sessions() {
        return holders.size();
    }

    void join(Holder holder) {
        if (counting) {
            holders.add(holder);
        }
    }

    void leave(Holder holder) {
        holders.remove(holder);
        shed.remove(holder);
        cut.remove(holder);
    }

    /**
     * Charges (positive) or returns (negative) bytes; true when the total is now past the budget,
     * in which case the caller calls {@link #shedLoad()} once it holds no lock of its own.
     */
    boolean add(long delta) {
        if (!counting) {
            return false;
        }
        long total = held.addAndGet(delta);
        long limit = limitBytes;
        return delta > 0 && limit > 0 && total > limit;
    }

    /**
     * Sheds load as the class comment says, until the bytes not already on their way out are
     * within the budget: shed sessions still holding bytes are cut, most first; then, if that is
     * not enough, one more session is shed (its bytes are counted as leaving only once it is cut,
     * on a later call, should its peer not read the Close meanwhile).
     */
    void shedLoad() {
        if (!looking.compareAndSet(false, true)) {
            return; // another thread is at it; its shedding counts for this caller too
        }
        try {
            long limit = limitBytes;
            if (limit == 0 || held.get() <= limit || System.nanoTime() - quietUntilNanos < 0) {
                return;
            }
            long leaving = 0;
            List<Map.Entry<Holder, Long>> toCut = new ArrayList<>();
            Holder toShed = null;
            long toShedBytes = 0;
            for (Holder h : holders) {
                long bytes = h.heldBytes();
                if (cut.contains(h)) {
                    leaving += bytes; // gone as soon as the transport reports the connection closed
                } else if (shed.contains(h)) {
                    if (bytes > 0) {
                        toCut.add(Map.entry(h, bytes));
                    }
                } else if (bytes > h.floorBytes() && bytes > toShedBytes) {
                    toShed = h;
                    toShedBytes = bytes;
                }
            }
            long total = held.get();
            long staying = total - leaving;
            toCut.sort(Map.Entry.<Holder, Long>comparingByValue().reversed());
            for (Map.Entry<Holder, Long> e : toCut) {
                if (staying <= limit) {
                    break;
                }
                cut.add(e.getKey());
                e.getKey().cut("Container over its buffer budget (" + total + " bytes held, limit " + limit
                        + "): a session shed with 1013 still held " + e.getValue() + " bytes");
                staying -= e.getValue();
            }
            if (staying > limit) {
                if (toShed != null) {
                    shed.add(toShed);
                    toShed.shed("Server busy: " + toShedBytes + " bytes queued for this peer");
                } else {
                    // Every session is at its floor: nothing to do until they move, so do not look at each byte.
                    quietUntilNanos = System.nanoTime() + QUIET_MS * 1_000_000;
                }
            }
        } finally {
            looking.set(false);
        }
    }

    @Override
    public String toString() {
        return "BufferBudget[held=" + held.get() + ", limit=" + limitBytes + ", sessions=" + holders.size() + "]";
    }
}
