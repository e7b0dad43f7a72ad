package dev.wsengine.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A log line that any number of clients can trigger, written at most {@code burst} times per
 * window; the first line of the next window says how many were left out. Warnings are for the
 * operator, and a flood of one kind must neither fill the disk nor hide the other kinds.
 *
 * <p>One instance per kind of line. Lock-free: counting a suppressed line is one atomic add.
 */
public final class RateLimitedLog {

    /** Ten lines a minute per kind: enough to see a pattern, too few to matter for the disk. */
    public static final int DEFAULT_BURST = 10;
    public static final long DEFAULT_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final System.Logger logger;
    private final System.Logger.Level level;
    private final int burst;
    private final long windowNanos;
    private final LongSupplier clock;

    private final AtomicLong windowStart;
    private final AtomicLong writtenInWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(System.Logger logger, System.Logger.Level level) {
        this(logger, level, DEFAULT_BURST, DEFAULT_WINDOW_NANOS, System::nanoTime);
    }

    RateLimitedLog(System.Logger logger, System.Logger.Level level, int burst, long windowNanos, LongSupplier clock) {
        if (burst < 1 || windowNanos < 1) {
            throw new IllegalArgumentException("burst and window must be positive");
        }
        this.logger = logger;
        this.level = level;
        this.burst = burst;
        this.windowNanos = windowNanos;
        this.clock = clock;
        this.windowStart = new AtomicLong(clock.getAsLong());
    }

    /** Logs {@code message} and {@code thrown} unless this window's burst is used up. */
    public void log(Supplier<String> message, Throwable thrown) {
        if (!logger.isLoggable(level)) {
            return;
        }
        long now = clock.getAsLong();
        long start = windowStart.get();
        if (now - start >= windowNanos && windowStart.compareAndSet(start, now)) {
            writtenInWindow.set(0);
        }
        if (writtenInWindow.incrementAndGet() > burst) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        String text = left == 0 ? message.get()
                : message.get() + " (" + left + " similar lines were left out in the last "
                        + TimeUnit.NANOSECONDS.toSeconds(windowNanos) + " s)";
        if (thrown == null) {
            logger.log(level, text);
        } else {
            logger.log(level, text, thrown);
        }
    }

    /** How many lines were left out since the last one written. */
    long suppressedSoFar() {
        return suppressed.get();
    }
}
