package dev.wsengine.benchmarks.client;

/** Percentiles of sorted samples, nearest rank (the smallest sample with at least p percent at or below it). */
public final class Percentiles {

    private Percentiles() {
    }

    public static long of(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
