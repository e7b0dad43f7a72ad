package dev.wsengine.benchmarks.abuse;

import dev.wsengine.benchmarks.harness.ServerClasspath;
import dev.wsengine.benchmarks.harness.ServerKind;
import dev.wsengine.benchmarks.harness.ServerPorts;
import dev.wsengine.benchmarks.harness.ServerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attacks of the issue "Hostile and slow peers" against every server of the benchmark
 * harness (ours on Jetty and on Tomcat, Jetty's, Tomcat's and Tyrus's own), each in its own JVM
 * with only its own jars and the same flags, through raw sockets. A measurement, not a test: it
 * asserts nothing about the servers, and writes what each did to {@code abuse-report.md}.
 */
public final class AbuseProbe {

    /**
     * Every server the same: 512 MB of heap (what the samples' hostile-peer figures use), binary
     * messages up to 1 MiB, and each server's own idle timeouts. Not 16 MiB: Tomcat allocates a
     * message buffer of the whole limit for every session (20 sessions at 16 MiB took 478 MB), so
     * at 16 MiB it could not hold the attack's 200 clients at all.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xmx512m", "-Dbench.maxMessage=1048576",
            "-Dbench.serverIdleDefaults=true");
    /**
     * The idle and slow-handshake attacks get a fresh server with the benchmark's message limits
     * (32 KiB binary where a launcher sets one): 2,000 of Tomcat's sessions at 1 MiB each would be 2 GB.
     */
    static final List<String> IDLE_FLAGS = List.of("-XX:+UseG1GC", "-Xmx512m", "-Dbench.serverIdleDefaults=true");
    private static final String CPUS = "0-1";

    /** The sizes of one run; the defaults are the issue's, {@code --quick} a small run for development. */
    record Sizes(long pings, long floodMillis, int slowClients, int slowSize, long slowObserveMillis, int idle,
            long idleMillis, int trickles, long trickleMillis) {

        static Sizes full() {
            return new Sizes(1_000_000, 10_000, 200, 1 << 20, 60_000, 2_000, 60_000, 200, 30_000);
        }

        static Sizes quick() {
            return new Sizes(100_000, 3_000, 20, 1 << 20, 10_000, 100, 10_000, 20, 5_000);
        }

        String describe() {
            return String.format("ping flood %,d empty pings or %d s; %d never-reading clients × %,d B, observed %d s; "
                            + "%,d idle connections watched %d s; %d trickled handshakes (1 B/s) watched %d s",
                    pings, floodMillis / 1000, slowClients, slowSize, slowObserveMillis / 1000, idle, idleMillis / 1000,
                    trickles, trickleMillis / 1000);
        }
    }

    static final String[] ATTACKS = {
        "6. `%zz` / `%FF` in the handshake's query: HTTP status",
        "3. frame header announcing 2^63−1 bytes",
        "1. ping flood, flooder never reads (64 KiB receive buffer)",
        "2. never-reading peers: 1 MiB each to `/echo`, 64 KiB receive buffers",
        "4. idle upgraded connections (each server's default idle timeout)",
        "5. slow handshake, 1 byte/s",
    };

    private final Path out;
    private final String classes;
    private final String fullClasspath;
    private final Sizes sizes;

    private AbuseProbe(Path out, String classes, String fullClasspath, Sizes sizes) {
        this.out = out;
        this.classes = classes;
        this.fullClasspath = fullClasspath;
        this.sizes = sizes;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("benchmarks/target");
        Path build = Path.of("benchmarks/target");
        Sizes sizes = Sizes.full();
        List<ServerKind> servers = List.of(ServerKind.OURS_JETTY, ServerKind.OURS_TOMCAT, ServerKind.JETTY,
                ServerKind.TOMCAT, ServerKind.TYRUS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> sizes = Sizes.quick();
                case "--out" -> out = Path.of(args[++i]);
                case "--build" -> build = Path.of(args[++i]);
                case "--servers" -> servers = Arrays.stream(args[++i].split(",")).map(ServerKind::byId).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String classes = build.resolve("classes").toAbsolutePath().toString();
        String fullClasspath = Files.readString(build.resolve("classpath.txt")).trim();
        new AbuseProbe(out, classes, fullClasspath, sizes).runAll(servers);
    }

    private void runAll(List<ServerKind> servers) throws Exception {
        Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long start = System.nanoTime();
        System.out.println("abuse probe, " + began + ": " + sizes.describe());
        Map<ServerKind, String[]> results = new LinkedHashMap<>();
        for (ServerKind kind : servers) {
            results.put(kind, attack(kind));
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        String report = report(began, minutes, results);
        Files.createDirectories(out);
        Files.writeString(out.resolve("abuse-report.md"), report);
        System.out.println(report);
    }

    /** One server through every attack; a server that died is started again for the next attack, and that is said. */
    private String[] attack(ServerKind kind) throws Exception {
        String[] cells = new String[ATTACKS.length];
        Target target = null;
        String died = "";
        try {
            for (int a = 0; a < ATTACKS.length; a++) {
                if (a == 5) {
                    continue;
                }
                if (a == 4 && target != null) {
                    target.process().close();
                    target = start(kind, IDLE_FLAGS);
                }
                if (target == null || !target.process().isAlive()) {
                    if (target != null) {
                        died = "(server restarted: its process had exited) ";
                        target.process().close();
                    }
                    target = start(kind, JVM_FLAGS);
                }
                System.out.println("== " + kind.id() + ": " + ATTACKS[a]);
                long t0 = System.nanoTime();
                try {
                    switch (a) {
                        case 0 -> cells[0] = BadQuery.run(target);
                        case 1 -> cells[1] = HugeFrame.run(target);
                        case 2 -> cells[2] = PingFlood.run(target, sizes.pings(), sizes.floodMillis());
                        case 3 -> cells[3] = NeverReading.run(target, sizes.slowClients(), sizes.slowSize(), sizes.slowObserveMillis());
                        default -> {
                            String[] both = IdleAndTrickle.run(target, sizes.idle(), sizes.idleMillis(), sizes.trickles(),
                                    sizes.trickleMillis());
                            cells[4] = both[0];
                            cells[5] = died + both[1];
                        }
                    }
                } catch (Exception e) {
                    cells[a] = "probe stopped: " + e;
                }
                if (a < 4) {
                    cells[a] = died + cells[a];
                }
                died = "";
                if (!target.process().isAlive()) {
                    cells[a] += "; the server's process exited";
                }
                System.out.printf("   %s (%.1f s)%n", a == 4 ? cells[4] + " | " + cells[5] : cells[a], (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            if (target != null) {
                target.process().close();
            }
        }
        return cells;
    }

    private Target start(ServerKind kind, List<String> flags) throws Exception {
        int port = ServerPorts.pick();
        String classpath = ServerClasspath.forServer(kind, classes, fullClasspath);
        ServerProcess process = ServerProcess.startWith(kind, classpath, port, CPUS,
                out.resolve("abuse-logs").resolve(kind.id() + "-" + flags.size() + ".log"), flags);
        try {
            process.awaitReady(60_000);
        } catch (Exception e) {
            process.close();
            throw e;
        }
        return new Target(kind, process, new InetSocketAddress("127.0.0.1", port));
    }

    String report(Instant began, double minutes, Map<ServerKind, String[]> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("# Hostile peers, ours beside Jetty, Tomcat and Tyrus%n%nRun of %s, %.1f minutes. "
                + "Every server: `%s` (attacks 4 and 5 on a fresh server without the message limit: `%s`); "
                + "raw-socket clients. Sizes: %s.%n%n", began, minutes,
                String.join(" ", JVM_FLAGS), String.join(" ", IDLE_FLAGS), sizes.describe()));
        md.append("| attack |");
        results.keySet().forEach(k -> md.append(' ').append(k.label()).append(" |"));
        md.append("\n|---|");
        results.keySet().forEach(k -> md.append("---|"));
        md.append('\n');
        for (int a = 0; a < ATTACKS.length; a++) {
            md.append("| ").append(ATTACKS[a]).append(" |");
            for (String[] cells : results.values()) {
                md.append(' ').append(String.valueOf(cells[a]).replace("|", "\\|")).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
