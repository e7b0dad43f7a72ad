package dev.wsengine.session;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires once a session has seen no message in either direction for its idle timeout.
 * Activity costs one volatile write; the timer reschedules itself for the time still left
 * instead of being rescheduled on every message. A {@link Callable}, not a Runnable: the
 * scheduler wraps a Runnable in one more object, and every open session holds its timer's task.
 */
final class IdleTimer implements Callable<Void> {

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
    public Void call() {
        synchronized (this) {
            if (stopped || timeoutMs <= 0) {
                return null;
            }
            long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (idleMs < timeoutMs) {
                pending = scheduler.schedule(this, timeoutMs - idleMs, TimeUnit.MILLISECONDS);
                return null;
            }
            stopped = true;
        }
        onIdle.run();
        return null;
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
