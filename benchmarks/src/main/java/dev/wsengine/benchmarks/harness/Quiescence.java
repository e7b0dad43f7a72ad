package dev.wsengine.benchmarks.harness;

import java.util.function.LongSupplier;

/**
 * Waits until a server has stopped working off the previous figure's load before the next figure
 * starts. On one core the JIT's compile queue from one workload (handshakes, say) takes seconds to
 * drain, and while it does, the compiler threads' CPU is counted against the next figure and
 * delays its messages: the figures would measure the order of the phases, not the server.
 */
final class Quiescence {

    /** Sleeps for a while; a seam so the tests need not wait. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** What a wait came to: how long it took and whether the server did go quiet. */
    record Outcome(long waitedNanos, boolean quiet) {
    }

    private final LongSupplier cpuNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final long windowNanos;
    private final double quietShare;

    /**
     * @param windowNanos one look at the server lasts this long
     * @param quietShare the server counts as quiet when it used at most this share of one core over a window
     */
    Quiescence(LongSupplier cpuNanos, LongSupplier clock, Sleeper sleeper, long windowNanos, double quietShare) {
        this.cpuNanos = cpuNanos;
        this.clock = clock;
        this.sleeper = sleeper;
        this.windowNanos = windowNanos;
        this.quietShare = quietShare;
    }

    /** A server process measured on the wall clock: half-second windows, quiet under 5% of a core. */
    static Quiescence of(LongSupplier serverCpuNanos) {
        return new Quiescence(serverCpuNanos, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)),
                500_000_000L, 0.05);
    }

    /** Looks window after window until one is quiet, or gives up after {@code maxNanos}. */
    Outcome await(long maxNanos) throws InterruptedException {
        long start = clock.getAsLong();
        while (true) {
            long t0 = clock.getAsLong();
            long cpu0 = cpuNanos.getAsLong();
            sleeper.sleepNanos(windowNanos);
            long t1 = clock.getAsLong();
            long used = cpuNanos.getAsLong() - cpu0;
            if (used <= quietShare * (t1 - t0)) {
                return new Outcome(t1 - start, true);
            }
            if (t1 - start >= maxNanos) {
                return new Outcome(t1 - start, false);
            }
        }
    }
}
