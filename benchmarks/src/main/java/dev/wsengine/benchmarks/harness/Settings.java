package dev.wsengine.benchmarks.harness;

/** How long and how much each figure is measured: the full run, or the quick one for development. */
record Settings(String name, int runs, double serverWarmupSeconds, double echoWarmupSeconds, double echoMeasureSeconds,
                double latencySeconds, int idleConnections, double handshakeSeconds, double handshakeWarmupMaxSeconds, int neverReadingPeers) {

    /**
     * serverWarmupSeconds: before its first figure, each freshly started server gets that much
     * unrecorded load (text echo, binary echo, the latency figure's trickle), so that no figure pays for the JIT
     * compiling the server's hot paths: the figures are of a server that has been running.
     * Handshakes take the JIT far longer, and a different time on every server: after that warm-up
     * they run until the server's compiler threads go quiet ({@link JitWarmup}), for at least
     * {@link #HANDSHAKE_WARMUP_MIN_SECONDS} and at most handshakeWarmupMaxSeconds. Both happen
     * once per server process, which lives through all the runs.
     *
     * <p>neverReadingPeers: how many peers write 1 MiB each to /echo and never read while a fresh
     * client's echoes are timed.
     */
    static final double HANDSHAKE_WARMUP_MIN_SECONDS = 2.0;

    /** Every loop is also bounded in count. */
    static final long MAX_MESSAGES = 50_000_000L;
    static final long MAX_HANDSHAKES = 2_000_000L;

    static Settings full() {
        // Sized so three runs of five servers fit in 15 minutes on the 2-core machine; seven take 14 to 15.3
        // minutes by estimate, past the session-start limit (benchmarks/README.md, "Seven servers").
        return new Settings("full", 3, 8.0, 1.0, 2.0, 4.0, 10_000, 1.5, 40.0, 200);
    }

    static Settings quick() {
        return new Settings("quick", 1, 2.0, 0.5, 1.0, 2.0, 2_000, 1.0, 10.0, 50);
    }

    Settings withRuns(int n) {
        return new Settings(name, n, serverWarmupSeconds, echoWarmupSeconds, echoMeasureSeconds, latencySeconds, idleConnections,
                handshakeSeconds, handshakeWarmupMaxSeconds, neverReadingPeers);
    }

    long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
