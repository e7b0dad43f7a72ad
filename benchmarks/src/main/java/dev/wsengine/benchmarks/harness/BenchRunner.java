package dev.wsengine.benchmarks.harness;

import dev.wsengine.benchmarks.abuse.FreshUnderNeverReading;
import dev.wsengine.benchmarks.client.ClientFrames;
import dev.wsengine.benchmarks.client.CpuClock;
import dev.wsengine.benchmarks.client.EchoLoad;
import dev.wsengine.benchmarks.client.HandshakeLoad;
import dev.wsengine.benchmarks.client.LatencyLoad;
import dev.wsengine.benchmarks.client.LoadResult;
import dev.wsengine.benchmarks.client.Loopback;
import dev.wsengine.benchmarks.client.WsClientEcho;
import dev.wsengine.benchmarks.streaming.StreamFigure;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every server through every figure, several runs with the order of servers rotated, and
 * writes bench-raw.tsv, bench-report.md, bench-chart.png and bench-summary.txt. This process is the
 * load client: it runs pinned to its own core (see run.sh), the servers on the other.
 *
 * <pre>BenchRunner [--quick] [--runs N] [--servers id,id] [--out DIR] [--build DIR] [--jfr] [--deadline-minutes M] [--ws-client]</pre>
 *
 * <p>{@code --ws-client} measures only the two echo CPU figures, with the npm ws client (the load
 * client the benchmark issue measured its peers with) instead of this module's own: a cross-check that no figure
 * depends on a client we wrote.
 */
public final class BenchRunner {

    static final String SERVER_CPUS = "0";
    static final String CLIENT_CPUS = "1";
    /** Echo messages in flight per connection: enough to keep a server busy without a wake-up per message. */
    static final int ECHO_DEPTH = 4;
    /** The latency figure: 64 B echoes at this total rate over this many connections. */
    static final int LATENCY_CONNECTIONS = 10;
    static final int LATENCY_RATE = 1000;
    /** A server still busy this long after a figure gets the next one anyway, and the report says so. */
    static final long SETTLE_LIMIT_NANOS = 5_000_000_000L;
    /** The streaming figure's bound: 100 MiB at 10 MB/s; a server that takes longer gets a failed cell, not a hung run. */
    static final long STREAM_TIMEOUT_MS = 10_000;
    /** The unmeasured transfer after a server's start, so its first run's streaming figure is not the JIT's. */
    static final int STREAM_WARMUP_MIB = 20;
    /** The fresh client's round trips beside the never-reading peers, and the bound of each step of that figure. */
    static final int FRESH_ECHOES = 200;
    static final long NEVER_READING_BOUND_MS = 10_000;
    /** Relative to the repository, where run.sh starts the harness; run.sh installs its node_modules. */
    static final Path WS_CLIENT_SCRIPT = Path.of("benchmarks/ws-client/echo-load.js");
    /** The ws client's windows are longer than the own client's: Node and its 100 connections start for each figure. */
    static final double WS_WARMUP_SECONDS = 2.0;
    static final double WS_MEASURE_SECONDS = 4.0;
    private static final String WS_CLIENT_NOTE = "Echo figures with the npm ws client: the load the benchmark issue measured its"
            + " peers with. One Node process per figure, 100 connections, " + ECHO_DEPTH + " messages in flight on each, another"
            + " sent whenever an echo arrives; the server's CPU is read when the script marks the start and the end of its measured"
            + " window. The client's core is the limit here (see the † marks): a figure taken below a server's saturation also"
            + " shows what each wake-up costs it, where the own client's figures show the cost of a message on a busy server.\n\n";

    private final Settings settings;
    private final Path out;
    private final List<ServerKind> servers;
    private final boolean jfr;
    /** Set with --ws-client: the echo figures go through the npm ws client, and only they are measured. */
    private WsClientEcho wsClient;
    /**
     * No server session starts after this many minutes, so a loaded machine still gets its report in
     * time. Seven servers' three runs took 14.2 minutes on a quiet machine (2026-12-07), before the
     * streaming and never-reading-peer phases added an estimated 1.5 to 2 minutes.
     */
    private double deadlineMinutes = 18;
    /**
     * The baseline's session (latency only: about 10 s here, 3.2 s of warm-up and 5.1 s of figure after its
     * JVM starts) may start this much later: it closes a run, so
     * the limit would otherwise drop it whenever the run's last server session started near the limit.
     */
    static final double BASELINE_GRACE_MINUTES = 1.0;
    private final String classes;
    private final String fullClasspath;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> sessions = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> unsettled = new ArrayList<>();
    /** Figures that failed on a server in a run: their cells say so. */
    private final List<Map.Entry<Metric, ServerKind>> failedFigures = new ArrayList<>();
    private final StreamFigure stream = new StreamFigure();
    private final Map<ServerKind, Running> running = new EnumMap<>(ServerKind.class);
    private PrintWriter raw;

    private BenchRunner(Settings settings, Path out, List<ServerKind> servers, boolean jfr, String classes, String fullClasspath) {
        this.settings = settings;
        this.out = out;
        this.servers = servers;
        this.jfr = jfr;
        this.classes = classes;
        this.fullClasspath = fullClasspath;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.full();
        Path out = Path.of("benchmarks/target");
        Path build = Path.of("benchmarks/target");
        List<ServerKind> servers = Report.COLUMNS;
        boolean jfr = false;
        WsClientEcho wsClient = null;
        Integer runs = null;
        Double deadline = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--build" -> build = Path.of(args[++i]);
                case "--servers" -> servers = Arrays.stream(args[++i].split(",")).map(ServerKind::byId).toList();
                case "--jfr" -> jfr = true;
                case "--deadline-minutes" -> deadline = Double.parseDouble(args[++i]);
                case "--ws-client" -> wsClient = new WsClientEcho(WS_CLIENT_SCRIPT);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (runs != null) {
            settings = settings.withRuns(runs);
        }
        String classes = build.resolve("classes").toAbsolutePath().toString();
        String fullClasspath = Files.readString(build.resolve("classpath.txt")).trim();
        BenchRunner runner = new BenchRunner(settings, out, servers, jfr, classes, fullClasspath);
        if (deadline != null) {
            runner.deadlineMinutes = deadline;
        }
        runner.wsClient = wsClient;
        runner.runAll();
    }

    private void runAll() throws Exception {
        String started = now();
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        try (PrintWriter rawOut = new PrintWriter(Files.newBufferedWriter(out.resolve("bench-raw.tsv")))) {
            raw = rawOut;
            try {
                for (int run = 0; run < settings.runs(); run++) {
                    List<ServerKind> order = new ArrayList<>(servers);
                    java.util.Collections.rotate(order, -run);
                    for (ServerKind kind : order) {
                        if (pastDeadline(t0, run, kind, deadlineMinutes)) {
                            continue;
                        }
                        session(run, kind);
                    }
                    if (wsClient == null && !pastDeadline(t0, run, ServerKind.BASELINE, deadlineMinutes + BASELINE_GRACE_MINUTES)) {
                        baselineSession(run);
                    }
                }
            } finally {
                stopAll();
            }
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        Summary summary = new Summary(measurements);
        failedFigures.forEach(f -> summary.markFailed(f.getKey(), f.getValue()));
        String title = "wsengine vs Jetty, Tomcat, Tyrus, Undertow — " + started + " (" + settings.name() + ", " + settings.runs()
                + " run" + (settings.runs() == 1 ? "" : "s") + ")";
        Files.writeString(out.resolve("bench-report.md"), markdown(summary, started, minutes));
        Files.writeString(out.resolve("bench-summary.txt"), Report.summaryLines(summary));
        Chart.write(summary, title, out.resolve("bench-chart.png"));
        System.out.println(Report.table(summary));
        System.out.print(Report.summaryLines(summary));
        System.out.printf("%.1f minutes; report in %s%n", minutes, out.resolve("bench-report.md"));
    }

    /** True, and the skip listed among the failures, once no more sessions may start. */
    private boolean pastDeadline(long t0, int run, ServerKind kind, double limitMinutes) {
        if ((System.nanoTime() - t0) / 60e9 <= limitMinutes) {
            return false;
        }
        failures.add("run " + (run + 1) + ", " + kind.id + ": skipped, the " + limitMinutes
                + "-minute limit had passed (the machine was too loaded for every session)");
        return true;
    }

    private String clientDescription() {
        if (wsClient == null) {
            return "our own NIO client in this module";
        }
        return "for the echo figures the npm ws client, " + (wsClient.client() == null ? "version unknown" : wsClient.client())
                + ", from benchmarks/ws-client, " + ECHO_DEPTH + " messages in flight per connection, "
                + String.format(java.util.Locale.ROOT, "%.0f s warm-up and %.0f s measured per figure", WS_WARMUP_SECONDS, WS_MEASURE_SECONDS)
                + ", after the same unrecorded warm-up with our own client; nothing else is measured in this mode";
    }

    private String markdown(Summary summary, String started, double minutes) {
        StringBuilder md = new StringBuilder();
        md.append("# wsengine benchmarks, ").append(started).append("\n\n");
        md.append("Mode ").append(settings.name()).append(": ").append(settings.runs()).append(" run(s), order of servers rotated each run; ")
                .append(String.format(java.util.Locale.ROOT, "%.1f minutes. ", minutes))
                .append("Each server in its own JVM (JDK ").append(System.getProperty("java.version")).append(", ")
                .append(String.join(" ", ServerProcess.JVM_FLAGS)).append(") pinned to CPU ").append(SERVER_CPUS)
                .append("; the load client (").append(clientDescription()).append(") pinned to CPU ").append(CLIENT_CPUS)
                .append(". Loopback only. Cells: median [min–max] over the runs; † = the client used more than 90% of its core"
                        + " in at least one run (the figure may be client-bound). Ratio: ours on Jetty ÷ best peer (Jetty, Tomcat,"
                        + " Tyrus); for lower-is-better rows below 1 means ours leads, for higher-is-better rows above 1.\n\n");
        md.append("**The machine is a 2-core VM**, so figures are noisy, the latency tail most of all; "
                + "the load average at the start of each server's session is listed below.\n\n");
        md.append(Report.table(summary)).append('\n');
        md.append("Each server is started once and kept through the runs, frozen (SIGSTOP) while the others are measured; each run"
                + " measures it again, in the rotated order. After"
                + " its start it gets ").append(String.format(java.util.Locale.ROOT, "%.0f s", settings.serverWarmupSeconds()))
                .append(" of unrecorded load (64 B text echo, 16 KiB binary echo, then the latency figure's pattern at five times its"
                        + " rate), then handshakes until its JIT compilers have gone quiet: handshakes in half-second slices until the"
                        + " server's compiler threads (C1, C2) have used under 5% of a core for two slices in a row, at least "
                        + String.format(java.util.Locale.ROOT, "%.0f s and at most %.0f s", Settings.HANDSHAKE_WARMUP_MIN_SECONDS,
                                settings.handshakeWarmupMaxSeconds())
                        + ". Handshakes take the JIT far longer than echoes, and a different time on every server (standalone, from a"
                        + " cold start: C2 busy for 15 s on Tyrus and Tomcat, 27-30 s on Jetty and ours on Jetty, CPU per handshake"
                        + " falling 3 to 7 times meanwhile), so a fixed warm-up ranked servers by how much code they give the JIT. How"
                        + " long it took is its own row (one value per server); the start-up row also has one value per server.\n\n");
        md.append("Before every figure the harness waits until the server has used under 5% of its core over half a second"
                + " (at most 5 s; figures that started anyway are listed at the end): on one core the JIT needs seconds to work"
                + " off one phase's compile queue, and that work would otherwise count against the next phase.\n\n");
        if (wsClient != null) {
            md.append(WS_CLIENT_NOTE);
        } else {
            figureNotes(md, summary);
        }
        md.append("Servers: default thread pools and buffers of each, except what the figures need: a 32 KiB binary message limit"
                + " where a server asks for one (Tomcat's default 8 KiB cannot take 16 KiB messages), a 600 s idle timeout on Jetty"
                + " (its default is 30 s) and on Undertow's listener and sessions (it sets none), maxConnections 20,000 on Tomcat"
                + " (default 8,192); Undertow's WebSocket deployment, which has no buffer pool of its own, gets the 16 KiB direct"
                + " buffers Undertow's listener uses. Both Undertow columns run the same Undertow 2.3 (benchmarks/pom.xml) on the"
                + " Servlet 6.0 API jar it implements. Tyrus's Grizzly container binds 0.0.0.0 whatever host it is given; only"
                + " loopback clients connect to it. Each process sees only its own implementation's jars; the check column below"
                + " shows the one default configurator its ServiceLoader found.\n\n");
        md.append("![chart](bench-chart.png)\n\n");
        md.append("## Load average at the start of each server's session\n\n| run | server | /proc/loadavg | classpath check |\n|---|---|---|---|\n");
        for (String s : sessions) {
            md.append(s).append('\n');
        }
        if (!unsettled.isEmpty()) {
            md.append("\n## Figures started on a server that was not quiet, or whose JIT was still compiling\n\n");
            for (String u : unsettled) {
                md.append("- ").append(u).append('\n');
            }
        }
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            for (String f : failures) {
                md.append("- ").append(f).append('\n');
            }
        }
        return md.toString();
    }

    /** What the full and quick modes measure, and how. */
    private void figureNotes(StringBuilder md, Summary summary) {
        md.append(Report.baselineLine(summary)).append("\n\n");
        md.append("Echo figures: " + ECHO_DEPTH + " messages in flight per connection, another sent whenever an echo is complete; "
                + "64 B text and 16 KiB binary. Handshake figures: a connection's whole life (connect, upgrade, Close 1000 both ways, "
                + "TCP close), 8 in flight. Latency: write to last byte of the echo, ")
                .append(String.format(java.util.Locale.ROOT, "%.0f s", settings.latencySeconds()))
                .append(" per run. Idle: ").append(settings.idleConnections())
                .append(" open connections to an endpoint that never gets a message; heap from jcmd GC.run + GC.heap_info, native from VmRSS"
                        + " (the heap is pre-touched, so RSS growth is off-heap), both as growth over the same server just before;"
                        + " the connections open 200 at a time, and a server whose pool grows for that burst keeps the new threads,"
                        + " whose stacks count as RSS growth in the first run only (the servers live through the runs): the thread row"
                        + " shows the threads each server runs while they are open, and the row below it how many of them were"
                        + " started since just before the opens (same process, same run; a pool grown for the first run's opens"
                        + " is mostly still there in the later runs, so the first run gives the top of that row's range)."
                        + " Streaming: one 100 MiB binary message in 64 KiB fragments from a raw socket into each server's InputStream"
                        + " endpoint /stream, which counts the bytes and their CRC-32 and answers with both (checked); MB/s from the"
                        + " first byte written to the answer, the heap's peak from jstat -gc every 20 ms (eden, survivors and old"
                        + " together, so uncollected garbage counts: the figure says what the message costs the heap in use, not what"
                        + " stays live); " + STREAM_WARMUP_MIB + " MiB unmeasured after each server's start; bounded at "
                        + STREAM_TIMEOUT_MS / 1000 + " s, a server that fails it has a failed cell. Never-reading peers: "
                        + settings.neverReadingPeers() + " connections with 64 KiB receive buffers each write "
                        + FreshUnderNeverReading.PER_PEER + " binary messages of " + FreshUnderNeverReading.MESSAGE / 1024
                        + " KiB (1 MiB; under the benchmark's 32 KiB limit, so no server's configuration changes) to /echo and never"
                        + " read, until their writes stall for 0.5 s; then a fresh client's handshake is timed, and "
                        + FRESH_ECHOES + " 1 KiB echo round trips one at a time (p99: the 198th fastest); each step bounded at "
                        + NEVER_READING_BOUND_MS / 1000 + " s; then the peers are closed and the server settles before the next one."
                        + " Order per server and run: echo figures, idle, handshakes, latency, streaming, never-reading peers.\n\n");
    }

    /**
     * One server's figures in one run. Its process is started (and warmed up) in the first run that
     * reaches it and kept, paused, for the later runs, so every run measures a server that has been
     * running, and the long handshake warm-up is paid once per server, not once per run; one that
     * failed is stopped, and started afresh by the next run.
     */
    private void session(int run, ServerKind kind) {
        String load = readLoadAverage();
        System.out.printf("run %d %s (load %s)%n", run + 1, kind.id, load);
        String check = "not started";
        try {
            Running server = running.get(kind);
            if (server == null || !server.process().isAlive()) {
                server = start(run, kind);
            } else {
                server.process().resume();
            }
            check = server.check();
            figures(run, kind, server.process(), server.address());
            server.process().pause();
        } catch (Exception e) {
            fail(run, kind, "server", e);
            stop(kind);
        } finally {
            sessions.add("| " + (run + 1) + " | " + kind.id + " | " + load + " | " + check + " |");
        }
    }

    /** A server kept through the runs, with what its start-up established. */
    private record Running(ServerProcess process, InetSocketAddress address, String check) {
    }

    /**
     * Starts a server, measures its start-up, and warms it up: the general warm-up, then handshakes
     * until its JIT compilers go quiet.
     */
    private Running start(int run, ServerKind kind) throws Exception {
        stop(kind);
        int port = ServerPorts.pick();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        String classpath = ServerClasspath.forServer(kind, classes, fullClasspath);
        List<String> extra = new ArrayList<>();
        if (jfr && kind.ours) {
            extra.add("-XX:StartFlightRecording=filename=" + out.resolve("jfr-" + kind.id + "-from-run" + run + ".jfr").toAbsolutePath()
                    + ",settings=profile");
        }
        ServerProcess process = ServerProcess.start(kind, classpath, port, SERVER_CPUS,
                out.resolve("bench-logs").resolve(kind.id + "-from-run" + run + ".log"), extra);
        // Kept from the first moment, so that a failure below still stops it.
        running.put(kind, new Running(process, address, "not ready"));
        measureStartup(run, kind, process, address);
        Running server = new Running(process, address, "one configurator: " + process.awaitReady(60_000));
        running.put(kind, server);
        guarded(run, kind, "warm-up", () -> warmUp(address, process));
        if (wsClient == null) {
            guarded(run, kind, "stream warm-up", () -> stream.warmUp(address, STREAM_WARMUP_MIB, STREAM_TIMEOUT_MS));
            guarded(run, kind, "handshake warm-up", () -> {
                settle(run, kind, process, "handshake warm-up");
                warmUpHandshakes(run, kind, process, address);
            });
        }
        return server;
    }

    private void stop(ServerKind kind) {
        Running server = running.remove(kind);
        if (server != null) {
            try {
                server.process().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopAll() {
        for (ServerKind kind : List.copyOf(running.keySet())) {
            stop(kind);
        }
    }

    private void figures(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) {
        if (wsClient != null) {
            wsEcho(run, kind, server, address, false, 64, Metric.WS_TEXT64_RATE, Metric.WS_TEXT64_CPU);
            wsEcho(run, kind, server, address, true, 16 * 1024, Metric.WS_BIN16K_RATE, Metric.WS_BIN16K_CPU);
            return;
        }
        echo(run, kind, server, address, 100, ClientFrames.TEXT, 64, Metric.TEXT64_RATE_100, Metric.TEXT64_CPU);
        echo(run, kind, server, address, 1, ClientFrames.TEXT, 64, Metric.TEXT64_RATE_1, null);
        echo(run, kind, server, address, 100, ClientFrames.BINARY, 16 * 1024, Metric.BIN16K_RATE_100, Metric.BIN16K_CPU);
        echo(run, kind, server, address, 1, ClientFrames.BINARY, 16 * 1024, Metric.BIN16K_RATE_1, null);
        guarded(run, kind, "idle", () -> idle(run, kind, server, address));
        guarded(run, kind, "handshakes", () -> {
            settle(run, kind, server, "handshakes");
            LoadResult r = HandshakeLoad.cycles(address, 8, settings.nanos(0.5), settings.nanos(settings.handshakeSeconds()),
                    Settings.MAX_HANDSHAKES, server::cpuNanos);
            record(run, kind, Metric.HANDSHAKE_CPU, r.serverCpuMicrosPerOp(), r.clientBusy());
            record(run, kind, Metric.HANDSHAKE_RATE, r.perSecond(), r.clientBusy());
        });
        latency(run, kind, server, address);
        streaming(run, kind, server, address);
        neverReading(run, kind, server, address);
    }

    /** One 100 MiB message into /stream, with the server's heap sampled meanwhile; a server that cannot take it gets a failed cell. */
    private void streaming(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) {
        guarded(run, kind, "stream", () -> {
            settle(run, kind, server, "stream");
            StreamFigure.Run r;
            try {
                r = stream.measure(address, server, CLIENT_CPUS, STREAM_TIMEOUT_MS);
            } catch (Exception e) {
                figureFailed(kind, Metric.STREAM_RATE, Metric.STREAM_HEAP);
                throw e;
            }
            if (!r.ok()) {
                figureFailed(kind, Metric.STREAM_RATE, Metric.STREAM_HEAP);
                fail(run, kind, "stream", new IOException(r.outcome()));
                return;
            }
            record(run, kind, Metric.STREAM_RATE, r.mbPerSecond(), Double.NaN);
            record(run, kind, Metric.STREAM_HEAP, r.peakUsed() / 1e6, Double.NaN);
        });
    }

    /**
     * A fresh client's handshake and echo round trips while peers that never read hold the server's
     * writes up; then the peers are closed, and the server gets its time to settle before the next
     * server's session (its write failures and closes are this figure's work, not the next one's).
     */
    private void neverReading(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) {
        guarded(run, kind, "never-reading", () -> {
            settle(run, kind, server, "never-reading");
            try {
                FreshUnderNeverReading.Result r = FreshUnderNeverReading.measure(address, settings.neverReadingPeers(), FRESH_ECHOES,
                        NEVER_READING_BOUND_MS);
                System.out.println("  (" + r.peers() + ")");
                record(run, kind, Metric.FRESH_P99, r.p99Micros(), Double.NaN);
                record(run, kind, Metric.FRESH_HANDSHAKE, r.handshakeMillis(), Double.NaN);
            } catch (Exception e) {
                figureFailed(kind, Metric.FRESH_P99, Metric.FRESH_HANDSHAKE);
                throw e;
            } finally {
                settle(run, kind, server, "the next server, after the never-reading peers were closed");
            }
        });
    }

    private void figureFailed(ServerKind kind, Metric... metrics) {
        for (Metric m : metrics) {
            failedFigures.add(Map.entry(m, kind));
        }
    }

    private static String readLoadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void latency(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) {
        guarded(run, kind, "latency", () -> {
            settle(run, kind, server, "latency");
            LatencyLoad.Samples s = LatencyLoad.run(address, LATENCY_CONNECTIONS, LATENCY_RATE, 64, settings.nanos(0.5),
                    settings.nanos(settings.latencySeconds()));
            record(run, kind, Metric.P50, s.percentileMicros(50), s.clientBusy());
            record(run, kind, Metric.P99, s.percentileMicros(99), s.clientBusy());
            record(run, kind, Metric.P999, s.percentileMicros(99.9), s.clientBusy());
            record(run, kind, Metric.SLOW_BURSTS, s.slowBurstsPerSecond(), s.clientBusy());
        });
    }

    /**
     * The latency figure, and only it, on the blocking echo baseline: at the end of each run, with the
     * same warm-up trickle the servers got, so the report can set every server's tail against the
     * simplest design's in the same run.
     */
    private void baselineSession(int run) throws Exception {
        ServerKind baseline = ServerKind.BASELINE;
        int port = ServerPorts.pick();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        String classpath = ServerClasspath.forServer(baseline, classes, fullClasspath);
        System.out.printf("run %d %s%n", run + 1, baseline.id);
        try (ServerProcess server = ServerProcess.start(baseline, classpath, port, SERVER_CPUS,
                out.resolve("bench-logs").resolve(baseline.id + "-run" + run + ".log"), List.of())) {
            server.awaitReady(60_000);
            guarded(run, baseline, "warm-up", () -> warmUpLatency(address));
            latency(run, baseline, server, address);
        } catch (Exception e) {
            fail(run, baseline, "server", e);
        }
    }

    private void measureStartup(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Exception last = null;
        // Polls from the moment the JVM was spawned, so the figure includes JVM start and pre-touching the heap.
        while (System.nanoTime() < deadline) {
            try (SocketChannel channel = Loopback.connectWebSocket(address, "/echo", 5_000)) {
                long took = System.nanoTime() - server.startedNanos;
                channel.write(ClientFrames.close(1000, 0x12345678));
                record(run, kind, Metric.STARTUP, took / 1e6, Double.NaN);
                return;
            } catch (IOException | IllegalStateException e) {
                // Refused, or answered before the endpoints are deployed (Grizzly listens before Tyrus deploys): not yet.
                last = e;
                Thread.sleep(5);
            }
        }
        throw new IOException(kind.id + " accepted no handshake within 60 s", last);
    }

    /**
     * Unrecorded load: 30% text echo, 30% binary echo, 40% the latency figure's trickle. Handshakes
     * get a warm-up of their own after it ({@link #warmUpHandshakes}).
     */
    private void warmUp(InetSocketAddress address, ServerProcess server) throws Exception {
        double seconds = settings.serverWarmupSeconds();
        new EchoLoad(address, 100, ECHO_DEPTH, ClientFrames.TEXT, 64).run(settings.nanos(0.3 * seconds), 1, Settings.MAX_MESSAGES,
                server::cpuNanos);
        new EchoLoad(address, 100, ECHO_DEPTH, ClientFrames.BINARY, 16 * 1024).run(settings.nanos(0.3 * seconds), 1,
                Settings.MAX_MESSAGES, server::cpuNanos);
        warmUpLatency(address);
    }

    /**
     * Handshakes, in half-second slices, until the server's JIT compiler threads have been quiet for
     * two slices in a row (bounded by the settings); the time it took is a figure of its own (once
     * per server process), and a server that never went quiet is listed in the report.
     */
    private void warmUpHandshakes(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) throws IOException {
        JitWarmup warmup = JitWarmup.of(server::compilerNanos, settings.nanos(Settings.HANDSHAKE_WARMUP_MIN_SECONDS),
                settings.nanos(settings.handshakeWarmupMaxSeconds()));
        HandshakeLoad.repeat(address, 8, settings.nanos(0.5), Settings.MAX_HANDSHAKES, warmup::goOn);
        JitWarmup.Outcome outcome = warmup.outcome();
        record(run, kind, Metric.HANDSHAKE_WARMUP, outcome.tookNanos() / 1e9, Double.NaN);
        if (!outcome.quiet()) {
            unsettled.add("run " + (run + 1) + ", " + kind.id + ", handshakes: the JIT compilers were still busy after "
                    + settings.handshakeWarmupMaxSeconds() + " s of handshakes");
        }
    }

    /**
     * The latency figure's trickle takes paths the saturating loads hardly use (a parked thread woken
     * per message, a selector that sleeps between reads); standalone rounds of it on every server
     * showed a p99 of milliseconds until some 10,000 messages had passed. Five times its rate, same shape.
     */
    private void warmUpLatency(InetSocketAddress address) throws IOException, InterruptedException {
        LatencyLoad.run(address, LATENCY_CONNECTIONS, 5 * LATENCY_RATE, 64, 0, settings.nanos(0.4 * settings.serverWarmupSeconds()));
    }

    private void echo(int run, ServerKind kind, ServerProcess server, InetSocketAddress address, int connections, int opcode,
                      int size, Metric rate, Metric cpu) {
        guarded(run, kind, rate.id, () -> {
            settle(run, kind, server, rate.id);
            // The one-connection figures follow the hundred-connection ones of the same kind: the JIT is warm by then.
            double warmup = settings.echoWarmupSeconds() * (connections == 1 ? 0.3 : 1.0);
            double measure = settings.echoMeasureSeconds() * (connections == 1 ? 0.6 : 1.0);
            LoadResult r = new EchoLoad(address, connections, ECHO_DEPTH, opcode, size).run(settings.nanos(warmup),
                    settings.nanos(measure), Settings.MAX_MESSAGES, server::cpuNanos);
            record(run, kind, rate, r.perSecond(), r.clientBusy());
            if (cpu != null) {
                record(run, kind, cpu, r.serverCpuMicrosPerOp(), r.clientBusy());
            }
        });
    }

    private void wsEcho(int run, ServerKind kind, ServerProcess server, InetSocketAddress address, boolean binary, int size,
                        Metric rate, Metric cpu) {
        guarded(run, kind, rate.id, () -> {
            settle(run, kind, server, rate.id);
            LoadResult r = wsClient.run(address, 100, ECHO_DEPTH, binary, size, settings.nanos(WS_WARMUP_SECONDS),
                    settings.nanos(WS_MEASURE_SECONDS), server::cpuNanos);
            record(run, kind, rate, r.perSecond(), r.clientBusy());
            record(run, kind, cpu, r.serverCpuMicrosPerOp(), r.clientBusy());
        });
    }

    private void idle(int run, ServerKind kind, ServerProcess server, InetSocketAddress address) throws Exception {
        settle(run, kind, server, "idle");
        long heap0 = server.heapUsedAfterFullGc(CLIENT_CPUS);
        long rss0 = server.rssBytes();
        long threads0 = server.threadCount();
        int n = settings.idleConnections();
        try (HandshakeLoad.Held held = HandshakeLoad.hold(address, "/idle", n, 200, 120_000_000_000L)) {
            Thread.sleep(500);
            long heap1 = server.heapUsedAfterFullGc(CLIENT_CPUS);
            long rss1 = server.rssBytes();
            record(run, kind, Metric.IDLE_HEAP, (double) (heap1 - heap0) / held.size(), Double.NaN);
            record(run, kind, Metric.IDLE_NATIVE, (double) (rss1 - rss0) / held.size(), Double.NaN);
            // Most of the RSS growth on servers with a growing pool is the stacks of threads started
            // for the burst of opens (ours on Jetty: 41 -> 220 threads), not memory per connection.
            long threads1 = server.threadCount();
            record(run, kind, Metric.IDLE_THREADS, threads1, Double.NaN);
            // What the opens cost in threads, apart from what the server ran anyway: the engine's own
            // share, against the same container's implementation (Jetty against ours on Jetty).
            record(run, kind, Metric.IDLE_THREADS_ADDED, threads1 - threads0, Double.NaN);
        }
    }

    /** Lets the server finish the previous figure's work (mostly the JIT's) before the next figure starts. */
    private void settle(int run, ServerKind kind, ServerProcess server, String before) throws InterruptedException {
        Quiescence.Outcome outcome = Quiescence.of(server::cpuNanos).await(SETTLE_LIMIT_NANOS);
        System.out.printf("  (quiet after %.1f s%s)%n", outcome.waitedNanos() / 1e9, outcome.quiet() ? "" : ": gave up");
        if (!outcome.quiet()) {
            unsettled.add("run " + (run + 1) + ", " + kind.id + ", before " + before);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void guarded(int run, ServerKind kind, String what, Step step) {
        long t0 = System.nanoTime();
        try {
            step.run();
        } catch (Exception e) {
            fail(run, kind, what, e);
        } finally {
            System.out.printf("  (%s took %.1f s)%n", what, (System.nanoTime() - t0) / 1e9);
        }
    }

    private void fail(int run, ServerKind kind, String what, Exception e) {
        String message = "run " + (run + 1) + ", " + kind.id + ", " + what + ": " + e;
        System.out.println("FAILED " + message);
        failures.add(message);
    }

    private void record(int run, ServerKind kind, Metric metric, double value, double clientBusy) {
        Measurement m = new Measurement(run, kind, metric, value, clientBusy);
        measurements.add(m);
        raw.println(m.toTsv());
        raw.flush();
        System.out.printf("  %-18s %12s%s%n", metric.id, Report.number(value),
                Double.isNaN(clientBusy) ? "" : String.format(java.util.Locale.ROOT, "  (client %.0f%%)", clientBusy * 100));
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

}
