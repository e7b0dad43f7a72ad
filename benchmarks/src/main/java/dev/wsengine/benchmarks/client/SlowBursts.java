package dev.wsengine.benchmarks.client;

import java.util.Arrays;

/**
 * How a latency window's slow round trips are spread in time. One stall of the machine (its
 * core taken away for some milliseconds) delays every round trip in flight at once, across all
 * connections; a slow server delays them one by one. So slow samples whose sends lie close
 * together are counted as one burst, and the report can show whether a tail is made of a few
 * machine-wide stalls, recurring alike for every server, or of many single slow replies.
 */
public final class SlowBursts {

    /** A round trip at least this long is slow. */
    public static final long SLOW_NANOS = 1_000_000L;
    /** Slow sends closer than this to the previous slow send belong to the same burst. */
    public static final long SAME_BURST_NANOS = 20_000_000L;

    private SlowBursts() {
    }

    /**
     * The number of bursts among round trips sent at {@code sentNanos[i]} that took
     * {@code tookNanos[i]}; the arrays are parallel, in any order.
     */
    public static int count(long[] sentNanos, long[] tookNanos) {
        if (sentNanos.length != tookNanos.length) {
            throw new IllegalArgumentException(sentNanos.length + " send times for " + tookNanos.length + " round trips");
        }
        long[] slowSends = new long[sentNanos.length];
        int n = 0;
        for (int i = 0; i < sentNanos.length; i++) {
            if (tookNanos[i] >= SLOW_NANOS) {
                slowSends[n++] = sentNanos[i];
            }
        }
        Arrays.sort(slowSends, 0, n);
        int bursts = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || slowSends[i] - slowSends[i - 1] > SAME_BURST_NANOS) {
                bursts++;
            }
        }
        return bursts;
    }
}
