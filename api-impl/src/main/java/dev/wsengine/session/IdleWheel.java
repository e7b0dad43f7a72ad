package dev.wsengine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The idle timers of a container's sessions, on one timer task: a hashed timing wheel. A task in
 * the scheduler per session would cost every idle connection about 80 bytes (the task and its
 * slot in the scheduler's queue); here a session's {@link IdleTimer} is linked into one of
 * {@value #SLOTS} lists by its deadline, and one task, run every {@value #TICK_MS} ms while any
 * timer is linked, looks at the list whose tick has come. A deadline more than one turn of the
 * wheel away stays in its list through the turns in between, counting them down.
 *
 * <p>At its tick a timer is looked at, not fired: a session that was active since the timer was
 * linked (activity costs the session one volatile write, nothing here) is linked again for what
 * is left of its timeout. A session is closed at most one tick after its timeout, never before.
 *
 * <p>This wheel's monitor guards every timer's links and state.
 */
public final class IdleWheel {

    static final long TICK_MS = 50;
    static final int SLOTS = 512;

    private final ScheduledExecutorService scheduler;
    private final long tickNanos;
    private final int slotMask;
    private final Runnable tickTask = this::tick;
    private final long originNanos = System.nanoTime();
    private final IdleTimer[] slots;
    /** The first tick not looked at yet. */
    private long nextTick;
    private int linked;
    private boolean ticking;

    /** @param scheduler runs the wheel's one task; once it is shut down, no timer fires */
    public IdleWheel(ScheduledExecutorService scheduler) {
        this(scheduler, TICK_MS, SLOTS);
    }

    /** A wheel of {@code slots} lists (a power of two), ticking every {@code tickMs}: small ones for tests. */
    IdleWheel(ScheduledExecutorService scheduler, long tickMs, int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.scheduler = scheduler;
        this.tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        this.slotMask = slots - 1;
        this.slots = new IdleTimer[slots];
    }

    /** Links a timer that is not linked, for {@code deadlineNanos} ({@code System.nanoTime}). */
    synchronized void link(IdleTimer timer, long deadlineNanos) {
        if (!ticking) {
            nextTick = Math.max(nextTick, ticksSinceOrigin(System.nanoTime()));
        }
        long tick = Math.max(nextTick, ticksSinceOrigin(deadlineNanos + tickNanos - 1));
        int slot = (int) (tick & slotMask);
        timer.rounds = (int) Math.min(Integer.MAX_VALUE, (tick - nextTick) / slots.length);
        timer.slot = slot;
        timer.prev = null;
        timer.next = slots[slot];
        if (timer.next != null) {
            timer.next.prev = timer;
        }
        slots[slot] = timer;
        linked++;
        if (!ticking) {
            ticking = scheduleTick();
        }
    }

    /** Unlinks the timer if it is linked. */
    synchronized void unlink(IdleTimer timer) {
        if (timer.slot < 0) {
            return;
        }
        if (timer.prev != null) {
            timer.prev.next = timer.next;
        } else {
            slots[timer.slot] = timer.next;
        }
        if (timer.next != null) {
            timer.next.prev = timer.prev;
        }
        timer.prev = null;
        timer.next = null;
        timer.slot = -1;
        linked--;
    }

    /** Timers linked now: for tests. */
    synchronized int linkedTimers() {
        return linked;
    }

    private long ticksSinceOrigin(long nanos) {
        long since = nanos - originNanos;
        return since <= 0 ? 0 : since / tickNanos;
    }

    /** Looks at every tick whose time has come, late ones included, then fires the idle ones. */
    private void tick() {
        List<IdleTimer> idle = null;
        synchronized (this) {
            long now = System.nanoTime();
            long current = ticksSinceOrigin(now);
            while (nextTick <= current) {
                IdleTimer timer = slots[(int) (nextTick & slotMask)];
                nextTick++; // timers linked again below go to a later tick
                while (timer != null) {
                    IdleTimer following = timer.next;
                    if (timer.rounds > 0) {
                        timer.rounds--;
                    } else {
                        unlink(timer);
                        long deadline = timer.deadlineNanos();
                        if (deadline - now <= 0) {
                            timer.stopped = true;
                            (idle == null ? idle = new ArrayList<>() : idle).add(timer);
                        } else {
                            link(timer, deadline);
                        }
                    }
                    timer = following;
                }
            }
            ticking = linked > 0 && scheduleTick();
        }
        if (idle != null) {
            idle.forEach(IdleTimer::fire);
        }
    }

    /** Schedules the look at {@link #nextTick}; false when the scheduler is shut down. */
    private boolean scheduleTick() {
        if (scheduler.isShutdown()) {
            return false;
        }
        long delay = originNanos + nextTick * tickNanos - System.nanoTime();
        scheduler.schedule(tickTask, Math.max(0, delay), TimeUnit.NANOSECONDS);
        return true;
    }
}
