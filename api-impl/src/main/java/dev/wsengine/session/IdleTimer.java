package dev.wsengine.session;

import java.util.concurrent.TimeUnit;

/**
 * Fires once a session has seen no message in either direction for its idle timeout. Activity
 * costs one volatile write; the container's {@link IdleWheel} looks at the timer when its
 * deadline comes and links it again for the time still left if the session was active meanwhile.
 */
final class IdleTimer {

    private final IdleWheel wheel;
    private final Runnable onIdle;
    private volatile long lastActivityNanos = System.nanoTime();

    // Guarded by the wheel's monitor.
    private long timeoutNanos;
    boolean stopped;
    /** Where the wheel links the timer: its list (-1 when not linked), neighbours, and turns still to wait. */
    int slot = -1;
    IdleTimer prev;
    IdleTimer next;
    int rounds;

    IdleTimer(IdleWheel wheel, Runnable onIdle) {
        this.wheel = wheel;
        this.onIdle = onIdle;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Sets the timeout and restarts the clock; 0 or less turns it off. */
    void setTimeout(long ms) {
        synchronized (wheel) {
            timeoutNanos = ms > 0 ? TimeUnit.MILLISECONDS.toNanos(ms) : 0;
            touch();
            wheel.unlink(this);
            if (timeoutNanos > 0 && !stopped) {
                wheel.link(this, deadlineNanos());
            }
        }
    }

    long timeout() {
        synchronized (wheel) {
            return TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        }
    }

    void stop() {
        synchronized (wheel) {
            stopped = true;
            wheel.unlink(this);
        }
    }

    /** When the session will have been idle for its timeout, if nothing happens before. */
    long deadlineNanos() {
        return lastActivityNanos + timeoutNanos;
    }

    /** Called by the wheel, outside its monitor, for a timer it found idle and stopped. */
    void fire() {
        onIdle.run();
    }
}
