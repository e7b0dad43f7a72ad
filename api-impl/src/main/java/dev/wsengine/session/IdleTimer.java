package dev.wsengine.session;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires once a session has seen no message in either direction for its idle timeout.
 * Activity costs one volatile write; the timer reschedules itself for the time still left
 * instead of being rescheduled on every message.
 */
final class IdleTimer implements Runnable {

    private final ScheduledExecutorService scheduler;
    private final Runnable onIdle;
    private volatile long lastActivityNanos = System.nanoTime();
    private long timeoutMs;
    private ScheduledFuture<?> pending;
    private boolean stopped;

    IdleTimer(ScheduledExecutorService scheduler, Runnable onIdle) {
        this.scheduler = scheduler;
        this.onIdle = onIdle;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Sets the timeout and restarts the clock; 0 or less turns it off. */
    synchronized void setTimeout(long ms) {
        timeoutMs = ms;
        touch();
        cancelPending();
        if (ms > 0 && !stopped) {
            pending = scheduler.schedule(this, ms, TimeUnit.MILLISECONDS);
        }
    }

    synchronized long timeout() {
        return timeoutMs;
    }

    synchronized void stop() {
        stopped = true;
        cancelPending();
    }

    @Override
    public void run() {
        synchronized (this) {
            if (stopped || timeoutMs <= 0) {
                return;
            }
            long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (idleMs < timeoutMs) {
                pending = scheduler.schedule(this, timeoutMs - idleMs, TimeUnit.MILLISECONDS);
                return;
            }
            stopped = true;
        }
        onIdle.run();
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
