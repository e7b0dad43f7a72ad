package dev.wsengine.benchmarks.client;

/**
 * One measured window: how many operations completed in how long, what the server and the client
 * itself spent in CPU over that window.
 */
public record LoadResult(long operations, long elapsedNanos, long serverCpuNanos, long clientCpuNanos) {

    public double perSecond() {
        return operations * 1e9 / elapsedNanos;
    }

    /** Server CPU µs per operation. */
    public double serverCpuMicrosPerOp() {
        return operations == 0 ? Double.NaN : serverCpuNanos / 1e3 / operations;
    }

    /** Share of one core the client used (it is pinned to one). */
    public double clientBusy() {
        return (double) clientCpuNanos / elapsedNanos;
    }
}
