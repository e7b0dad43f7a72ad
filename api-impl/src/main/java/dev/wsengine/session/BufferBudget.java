package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a whole container may hold on behalf of its peers: every session's outgoing frames
 * not yet written (queued and in flight) and the buffers of the messages it is assembling. One per
 * container, shared by its sessions.
 *
 * <p>{@link SendLimits} bound one session; with thousands of peers that do not read, or that all
 * upload big messages at once, their sum is what exhausts the heap. When a charge takes the total
 * past {@link #limitBytes()}, load is shed until what stays fits, most first:
 * <ol>
 * <li>sessions holding more than their own low-water mark are closed through the close handshake
 *     with 1013 (Try Again Later), the one holding the most first: their queued frames are dropped
 *     and what their peer still sends is discarded; the frame being written is finished if the
 *     peer reads it, and the Close follows;</li>
 * <li>a session shed more than {@value #DEFAULT_GRACE_MS} ms ago that still holds bytes (its peer
 *     did not read the Close) has its connection cut if the container is still over its budget,
 *     looked at again when the grace ends and at every charge past the budget;</li>
 * <li>the grace is a courtesy, not a second budget: while shed sessions keep their bytes through
 *     it, others keep charging, so past {@value #CEILING_FACTOR} times the budget in all, sessions
 *     in their grace are cut at once, most first.</li>
 * </ol>
 * A session at or below its low-water mark is never shed: the heap then stays below about
 * {@value #CEILING_FACTOR} times the budget plus, for every session, its low-water mark.
 *
 * <p>A charge costs one atomic add; the sessions are looked at only by a charge that finds the
 * total over the budget, by one thread at a time, and, when none can be shed, at most every
 * {@value #QUIET_MS} ms.
 */
public final class BufferBudget {

    /** The part of the heap ({@code Runtime.maxMemory()}) a container's budget is by default. */
    public static final int DEFAULT_HEAP_DIVISOR = 4;

    /** What is held, leaving or staying, never passes this many budgets for long: past it, the grace ends. */
    static final int CEILING_FACTOR = 2;

    /** After a look at the sessions found none to shed, the next is not before this many ms. */
    static final long QUIET_MS = 10;

    /**
     * How long a shed session's bytes count as leaving: its queue was dropped and it discards what
     * its peer sends, so what it still holds is the frame being written, which goes with its Close
     * if the peer reads. Past this, if the container is still over, its connection is cut.
     */
    static final long DEFAULT_GRACE_MS = 1_000;

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
    /** Holders shed, and when ({@code System.nanoTime}): they are cut after the grace, not shed again. */
    private final Map<Holder, Long> shed = new ConcurrentHashMap<>();
    private final Set<Holder> cut = ConcurrentHashMap.newKeySet();
    /** Held by the one thread looking at the sessions ({@link #shedLoad}). */
    private final Object looking = new Object();
    /** False for {@link #none()}: nothing is counted nor shed. */
    private final boolean counting;
    private final long graceNanos;
    private volatile long limitBytes;
    private volatile long quietUntilNanos = System.nanoTime();

    /** @param limitBytes the budget; 0 for none (bytes are still counted) */
    public BufferBudget(long limitBytes) {
        this(limitBytes, DEFAULT_GRACE_MS, true);
    }

    /** With the time a shed session has to leave before it may be cut; for tests. */
    BufferBudget(long limitBytes, long graceMs) {
        this(limitBytes, graceMs, true);
    }

    private BufferBudget(long limitBytes, long graceMs, boolean counting) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("maxBufferedBytesTotal must be 0 (no limit) or positive, got "
                    + limitBytes);
        }
        this.counting = counting;
        this.graceNanos = graceMs * 1_000_000;
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

    private static final BufferBudget NONE = new BufferBudget(0, 0, false);

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

    /** How long a shed session's bytes count as leaving before it may be cut. */
    long graceMs() {
        return graceNanos / 1_000_000;
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
     * Sheds load as the class comment says until what stays is within the budget. One look at a
     * time: two threads looking at once would each find the whole excess and each shed for it,
     * and peers uploading together make many threads cross the budget together. A thread that
     * waited looks again with what the last look shed counted as leaving, so it sheds only what
     * was charged meanwhile.
     */
    void shedLoad() {
        if (!worthALook(System.nanoTime())) {
            return; // no lock taken: within the budget again, or in a quiet spell
        }
        synchronized (looking) {
            shedOnce();
        }
    }

    private boolean worthALook(long now) {
        long limit = limitBytes;
        return counting && limit > 0 && held.get() > limit && now - quietUntilNanos >= 0;
    }

    /** A session and the bytes it held when looked at. */
    private record Share(Holder holder, long bytes) {
    }

    /**
     * One look at every session: bytes of sessions cut, and of sessions shed within their grace,
     * are leaving; past the ceiling, sessions in their grace are cut, most first; if what stays is
     * over the budget, sessions shed longer ago that still hold bytes are cut, most first, then
     * sessions above their floor are shed, most first, until it is not.
     */
    private void shedOnce() {
        long now = System.nanoTime();
        if (!worthALook(now)) {
            return; // within the budget again since this thread waited for the look before it
        }
        long limit = limitBytes;
        long total = held.get();
        long cutting = 0; // gone as soon as the transport reports the connection closed
        long inGrace = 0;
        List<Share> graced = new ArrayList<>();
        List<Share> toCut = new ArrayList<>();
        List<Share> toShed = new ArrayList<>();
        for (Holder h : holders) {
            long bytes = h.heldBytes();
            Long shedAt = shed.get(h);
            if (cut.contains(h)) {
                cutting += bytes;
            } else if (shedAt != null) {
                if (now - shedAt >= graceNanos && bytes > 0) {
                    toCut.add(new Share(h, bytes));
                } else if (bytes > 0) {
                    inGrace += bytes;
                    graced.add(new Share(h, bytes));
                }
            } else if (bytes > h.floorBytes()) {
                toShed.add(new Share(h, bytes));
            }
        }
        Comparator<Share> most = Comparator.comparingLong(Share::bytes).reversed();
        long pastCeiling = total - cutting - CEILING_FACTOR * limit;
        if (pastCeiling > 0) {
            graced.sort(most);
            for (int i = 0; i < graced.size() && pastCeiling > 0; i++) {
                cut(graced.get(i), total, limit, "within its grace, with the container past "
                        + CEILING_FACTOR + " times its budget");
                pastCeiling -= graced.get(i).bytes();
            }
        }
        long over = total - cutting - inGrace - limit;
        if (over <= 0) {
            return;
        }
        toCut.sort(most);
        for (int i = 0; i < toCut.size() && over > 0; i++) {
            cut(toCut.get(i), total, limit, "past its grace");
            over -= toCut.get(i).bytes();
        }
        toShed.sort(most);
        for (int i = 0; i < toShed.size() && over > 0; i++) {
            Share v = toShed.get(i);
            shed.put(v.holder(), now);
            v.holder().shed("Server busy: " + v.bytes() + " bytes held for this peer");
            over -= v.bytes();
        }
        if (over > 0) {
            // What stays is at the sessions' floors: nothing to do until they move, so do not look at each byte.
            quietUntilNanos = now + QUIET_MS * 1_000_000;
        }
    }

    private void cut(Share c, long total, long limit, String when) {
        cut.add(c.holder());
        c.holder().cut("Container over its buffer budget (" + total + " bytes held, limit " + limit
                + "): a session shed with 1013 still held " + c.bytes() + " bytes " + when);
    }

    @Override
    public String toString() {
        return "BufferBudget[held=" + held.get() + ", limit=" + limitBytes + ", sessions=" + holders.size() + "]";
    }
}
