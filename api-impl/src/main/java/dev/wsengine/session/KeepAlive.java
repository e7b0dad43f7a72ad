package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pings a peer that has been silent for the keepalive interval and gives up on it when nothing
 * at all arrives within the keepalive timeout after the Ping.
 *
 * <p>Any inbound byte counts as an answer, not only a Pong: a peer busy sending us a large
 * message may have its Pong queued behind it, and a peer that sends is alive. (A peer that sends
 * but does not read is the business of {@link SendLimits}.) A peer that talks is therefore never
 * pinged; on a silent connection one Ping goes out per interval.
 *
 * <p>Cost: inbound activity is one volatile write; one task per session sits on the shared
 * scheduler and reschedules itself for the time still left, as {@link IdleTimer} does; a Ping
 * is an empty control frame. Turned off (the default), sessions share {@link #OFF} and pay
 * nothing, not even this object.
 */
final class KeepAlive implements Runnable {

    /** Keepalive turned off: shared by every such session, so its methods touch none of its state. */
    static final KeepAlive OFF = new KeepAlive(null, 0, 0, null, null);

    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Runnable sendPing;
    private final Runnable onNoAnswer;
    private volatile long lastInboundNanos = System.nanoTime();
    private long pingSentNanos;
    private boolean awaitingAnswer;
    private boolean stopped;
    private ScheduledFuture<?> pending;

    /**
     * @param sendPing   queues a Ping; runs on the scheduler's thread, so it must not block
     * @param onNoAnswer the peer stayed silent for the timeout after a Ping; runs once, on the
     *                   scheduler's thread
     */
    KeepAlive(ScheduledExecutorService scheduler, long intervalMs, long timeoutMs, Runnable sendPing,
              Runnable onNoAnswer) {
        this.scheduler = scheduler;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.sendPing = sendPing;
        this.onNoAnswer = onNoAnswer;
    }

    /** Starts the clock; does nothing when the interval is 0 (keepalive off). */
    void start() {
        if (intervalNanos <= 0) {
            return;
        }
        synchronized (this) {
            if (!stopped) {
                lastInboundNanos = System.nanoTime();
                schedule(intervalNanos);
            }
        }
    }

    void onInbound() {
        if (intervalNanos > 0) {
            lastInboundNanos = System.nanoTime();
        }
    }

    void stop() {
        if (intervalNanos <= 0) {
            return;
        }
        synchronized (this) {
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }

    @Override
    public void run() {
        boolean ping = false;
        boolean giveUp = false;
        synchronized (this) {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            if (awaitingAnswer) {
                if (lastInboundNanos - pingSentNanos > 0) {
                    awaitingAnswer = false;
                } else if (now - pingSentNanos >= timeoutNanos) {
                    stopped = true;
                    giveUp = true;
                    pending = null;
                } else {
                    // Looked at again within an interval too, so that an answer is noticed (and
                    // the next Ping timed from it) before a long timeout has run out.
                    schedule(Math.min(intervalNanos, pingSentNanos + timeoutNanos - now));
                    return;
                }
            }
            if (!giveUp) {
                long silentNanos = now - lastInboundNanos;
                if (silentNanos >= intervalNanos) {
                    awaitingAnswer = true;
                    pingSentNanos = now;
                    ping = true;
                    schedule(Math.min(intervalNanos, timeoutNanos));
                } else {
                    schedule(intervalNanos - silentNanos);
                }
            }
        }
        if (ping) {
            sendPing.run();
        } else if (giveUp) {
            onNoAnswer.run();
        }
    }

    private void schedule(long delayNanos) {
        pending = scheduler.schedule(this, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }
}
