package dev.wsengine.benchmarks.harness;

/** The figures the harness measures, each with its unit, whether lower is better, and its summary name if it is a headline. */
enum Metric {
    TEXT64_CPU("text64-cpu-us", "server CPU µs per message, 64 B text echo, 100 connections", "µs", true, true),
    BIN16K_CPU("bin16k-cpu-us", "server CPU µs per message, 16 KiB binary echo, 100 connections", "µs", true, true),
    TEXT64_RATE_100("text64-msgs-100", "msg/s, 64 B text echo, 100 connections", "msg/s", false, false),
    TEXT64_RATE_1("text64-msgs-1", "msg/s, 64 B text echo, 1 connection", "msg/s", false, false),
    BIN16K_RATE_100("bin16k-msgs-100", "msg/s, 16 KiB binary echo, 100 connections", "msg/s", false, false),
    BIN16K_RATE_1("bin16k-msgs-1", "msg/s, 16 KiB binary echo, 1 connection", "msg/s", false, false),
    IDLE_HEAP("idle-heap-bytes", "heap bytes per idle connection (after full GC)", "B", true, true),
    IDLE_NATIVE("idle-native-bytes", "native (RSS) bytes per idle connection, pre-touched heap", "B", true, false),
    IDLE_THREADS("idle-threads", "server threads while the idle connections are open", "threads", true, false),
    IDLE_THREADS_ADDED("idle-threads-added", "server threads added while the idle connections are open (threads then minus just"
            + " before the opens)", "threads", true, false),
    HANDSHAKE_CPU("handshake-cpu-us", "server CPU µs per handshake (connect, upgrade, close)", "µs", true, true),
    HANDSHAKE_RATE("handshakes-per-s", "handshakes/s", "1/s", false, false),
    HANDSHAKE_WARMUP("handshake-warmup-s", "seconds of handshakes until the JIT compilers went quiet (after the start-up's echo warm-up)",
            "s", true, false),
    P50("p50-us", "p50 latency, 64 B echo, 1,000 msg/s over 10 connections", "µs", true, false),
    P99("p99-us", "p99 latency, 64 B echo, 1,000 msg/s over 10 connections", "µs", true, true),
    P999("p999-us", "p99.9 latency, 64 B echo, 1,000 msg/s over 10 connections", "µs", true, false),
    SLOW_BURSTS("slow-bursts-per-s", "bursts per second of round trips over 1 ms in the latency figure (slow sends under 20 ms apart"
            + " count once: a stall of the machine delays every connection at once)", "1/s", true, false),
    STREAM_RATE("stream-mb-per-s", "MB/s, one 100 MiB binary message in 64 KiB fragments into an InputStream endpoint", "MB/s",
            false, true),
    STREAM_HEAP("stream-heap-mb", "server heap in use at its peak during the 100 MiB message (jstat every 20 ms, uncollected garbage"
            + " included)", "MB", true, true),
    FRESH_P99("fresh-p99-us", "p99 of a fresh client's 200 echo round trips (1 KiB, one at a time) beside never-reading peers"
            + " (200 in full mode), each holding 1 MiB of unread echo", "µs", true, true),
    FRESH_HANDSHAKE("fresh-handshake-ms", "a fresh client's handshake beside the never-reading peers", "ms", true, false),
    STARTUP("startup-ms", "start-up to first handshake (JVM start included)", "ms", true, false),
    // Only with --ws-client: the echo figures with the npm ws client as the load client.
    WS_TEXT64_CPU("ws-text64-cpu-us", "server CPU µs per message, 64 B text echo, 100 connections, npm ws client", "µs", true, false),
    WS_BIN16K_CPU("ws-bin16k-cpu-us", "server CPU µs per message, 16 KiB binary echo, 100 connections, npm ws client", "µs", true, false),
    WS_TEXT64_RATE("ws-text64-msgs", "msg/s, 64 B text echo, 100 connections, npm ws client", "msg/s", false, false),
    WS_BIN16K_RATE("ws-bin16k-msgs", "msg/s, 16 KiB binary echo, 100 connections, npm ws client", "msg/s", false, false);

    final String id;
    final String label;
    final String unit;
    final boolean lowerIsBetter;
    final boolean headline;

    Metric(String id, String label, String unit, boolean lowerIsBetter, boolean headline) {
        this.id = id;
        this.label = label;
        this.unit = unit;
        this.lowerIsBetter = lowerIsBetter;
        this.headline = headline;
    }

    /**
     * The chart's bars: the headlines, and in --ws-client mode the two figures it measures instead.
     * Its bars read lower-is-better, so a higher-is-better headline (streaming MB/s) stays out of it.
     */
    boolean charted() {
        return (headline && lowerIsBetter) || this == WS_TEXT64_CPU || this == WS_BIN16K_CPU;
    }

    static Metric byId(String id) {
        for (Metric m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no metric " + id);
    }
}
