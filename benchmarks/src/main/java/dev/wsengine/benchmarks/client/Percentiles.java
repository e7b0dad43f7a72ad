package dev.wsengine.benchmarks.client;

/** Percentiles of sorted samples, nearest rank (the smallest sample with at least p percent at or below it). */
public final class Percentiles {

    private Percentiles() {
    }

    public static long of(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        // The small slack keeps 99.9% of 1,000 at rank 999 despite binary fractions.
        int rank = (int) Math.ceil(percent * sorted.length / 100.0 - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
