package dev.wsengine.benchmarks.harness;

import java.util.function.LongSupplier;

/**
 * Decides, slice after slice of a figure's own load, when a server has finished compiling the
 * paths that load takes: once its JIT compiler threads used at most a small share of a core over
 * a few slices in a row. A fixed warm-up cannot be right for every server: under a stream of
 * handshakes on one core, C2 kept working for 15 s (Tyrus, Tomcat) to 30 s (ours on Jetty, Jetty)
 * after a cold start, and CPU per handshake fell by 3 to 7 times over that time, so a figure taken
 * after a fixed few seconds ranked the servers by how much code they give the JIT, not by what a
 * handshake costs a running server.
 *
 * <p>Call {@link #goOn()} after every slice of load; it answers whether to run another.
 */
final class JitWarmup {

    /** What a warm-up came to: how long the load ran and whether the compilers did go quiet. */
    record Outcome(long tookNanos, boolean quiet) {
    }

    private final LongSupplier compilerNanos;
    private final LongSupplier clock;
    private final double quietShare;
    private final int quietSlicesNeeded;
    private final long minNanos;
    private final long maxNanos;
    private final long start;
    private long sliceStart;
    private long compilerAtSliceStart;
    private int quietSlices;
    private Outcome outcome;

    /**
     * @param quietShare a slice is quiet when the compiler threads used at most this share of one core in it
     * @param quietSlicesNeeded this many quiet slices in a row end the warm-up
     * @param minNanos the load runs at least this long, so that methods still short of their compile thresholds get there
     * @param maxNanos and at most this long; then the warm-up ends without having gone quiet
     */
    JitWarmup(LongSupplier compilerNanos, LongSupplier clock, double quietShare, int quietSlicesNeeded, long minNanos,
              long maxNanos) {
        this.compilerNanos = compilerNanos;
        this.clock = clock;
        this.quietShare = quietShare;
        this.quietSlicesNeeded = quietSlicesNeeded;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.start = clock.getAsLong();
        this.sliceStart = start;
        this.compilerAtSliceStart = compilerNanos.getAsLong();
    }

    /** For a server process: quiet means under 5% of a core for two slices in a row. */
    static JitWarmup of(LongSupplier serverCompilerNanos, long minNanos, long maxNanos) {
        return new JitWarmup(serverCompilerNanos, System::nanoTime, 0.05, 2, minNanos, maxNanos);
    }

    /** Looks at the slice that just ended; true while the load should run another slice. */
    boolean goOn() {
        if (outcome != null) {
            return false;
        }
        long now = clock.getAsLong();
        long compiler = compilerNanos.getAsLong();
        boolean quiet = compiler - compilerAtSliceStart <= quietShare * (now - sliceStart);
        quietSlices = quiet ? quietSlices + 1 : 0;
        sliceStart = now;
        compilerAtSliceStart = compiler;
        long took = now - start;
        if (took >= minNanos && quietSlices >= quietSlicesNeeded) {
            outcome = new Outcome(took, true);
        } else if (took >= maxNanos) {
            outcome = new Outcome(took, false);
        }
        return outcome == null;
    }

    /** Set once {@link #goOn()} has said no. */
    Outcome outcome() {
        if (outcome == null) {
            throw new IllegalStateException("the warm-up has not ended");
        }
        return outcome;
    }
}
