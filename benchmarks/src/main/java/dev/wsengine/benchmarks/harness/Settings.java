package dev.wsengine.benchmarks.harness;

/** How long and how much each figure is measured: the full run, or the quick one for development. */
record Settings(String name, int runs, double serverWarmupSeconds, double echoWarmupSeconds, double echoMeasureSeconds,
                double latencySeconds, int idleConnections, double handshakeSeconds) {

    /**
     * serverWarmupSeconds: before its first figure, each freshly started server gets that much
     * unrecorded load (text echo, binary echo, handshakes, the latency figure's trickle), so that no figure pays for the JIT
     * compiling the server's hot paths: the figures are of a server that has been running.
     */

    /** Every loop is also bounded in count. */
    static final long MAX_MESSAGES = 50_000_000L;
    static final long MAX_HANDSHAKES = 2_000_000L;

    static Settings full() {
        // Sized so three runs of five servers fit in 15 minutes on the 2-core machine.
        return new Settings("full", 3, 12.0, 1.0, 2.0, 4.0, 10_000, 1.5);
    }

    static Settings quick() {
        return new Settings("quick", 1, 2.0, 0.5, 1.0, 2.0, 2_000, 1.0);
    }

    long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
