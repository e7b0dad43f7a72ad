package dev.wsengine.benchmarks.streaming;

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
 * The streaming figure: one 100 MiB binary message, in 64 KiB fragments from a raw socket, into
 * the {@code InputStream} endpoint {@code /stream} of every server, each in its own JVM with only
 * its own jars; the answer's byte count and CRC-32 are checked. Once with a 1 GiB heap (throughput
 * and peak heap) and once with 128 MiB (who holds the whole message). A measurement, not a test:
 * it writes what each server did to {@code streaming-report.md}.
 */
public final class StreamingBench {

    static final int MESSAGE_MIB = StreamFigure.MESSAGE_MIB;
    static final long TIMEOUT_MS = 60_000;
    /**
     * With {@code --container-limit}, the message limit every launcher is told as well
     * ({@code Launch.MESSAGE_LIMIT}: the container's default binary buffer, Tomcat's
     * {@code binaryBufferSize}, Tyrus's incoming buffer). Not by default: the endpoint's
     * {@code @OnMessage(maxMessageSize)} alone lets 100 MiB through on every server (2026-12-07).
     */
    static final String LIMIT_FLAG = "-Dbench.maxMessage=" + (MESSAGE_MIB << 20);
    private static final String SERVER_CPUS = "0";
    private static final String CLIENT_CPUS = "1";

    record Heap(String label, List<String> flags, int warmups) {
    }

    /** One server's measured runs on one heap, and what its log said once its process had ended. */
    record Series(List<StreamFigure.Run> runs, String logNote) {
    }

    private final Path out;
    private final String classes;
    private final String fullClasspath;
    private final int runs;
    private final StreamFigure figure = new StreamFigure();

    private StreamingBench(Path out, String classes, String fullClasspath, int runs) {
        this.out = out;
        this.classes = classes;
        this.fullClasspath = fullClasspath;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("benchmarks/target");
        Path build = Path.of("benchmarks/target");
        int runs = 3;
        boolean limit = false;
        List<ServerKind> servers = List.of(ServerKind.OURS_JETTY, ServerKind.OURS_TOMCAT, ServerKind.JETTY,
                ServerKind.TOMCAT, ServerKind.TYRUS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--build" -> build = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--container-limit" -> limit = true;
                case "--servers" -> servers = Arrays.stream(args[++i].split(",")).map(ServerKind::byId).toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<Heap> heaps = new ArrayList<>();
        for (String xmx : List.of("1g", "128m")) {
            List<String> flags = new ArrayList<>(List.of("-XX:+UseG1GC", "-Xmx" + xmx));
            if (limit) {
                flags.add(LIMIT_FLAG);
            }
            heaps.add(new Heap("-Xmx" + xmx, flags, xmx.equals("1g") ? 1 : 0));
        }
        String classes = build.resolve("classes").toAbsolutePath().toString();
        String fullClasspath = Files.readString(build.resolve("classpath.txt")).trim();
        new StreamingBench(out, classes, fullClasspath, runs).runAll(servers, heaps);
    }

    private void runAll(List<ServerKind> servers, List<Heap> heaps) throws Exception {
        Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long start = System.nanoTime();
        Map<Heap, Map<ServerKind, Series>> results = new LinkedHashMap<>();
        for (Heap heap : heaps) {
            Map<ServerKind, Series> byServer = new LinkedHashMap<>();
            for (ServerKind kind : servers) {
                byServer.put(kind, measure(kind, heap));
            }
            results.put(heap, byServer);
        }
        String report = StreamingReport.markdown(began, (System.nanoTime() - start) / 60e9, runs, results);
        Files.createDirectories(out);
        Files.writeString(out.resolve("streaming-report.md"), report);
        System.out.println(report);
    }

    /** One server on one heap: its warm-up transfers, then the measured ones; a failed transfer ends the series. */
    private Series measure(ServerKind kind, Heap heap) throws Exception {
        int port = ServerPorts.pick();
        Path log = out.resolve("streaming-logs").resolve(kind.id() + heap.label() + ".log");
        ServerProcess server = ServerProcess.startWith(kind, ServerClasspath.forServer(kind, classes, fullClasspath), port,
                SERVER_CPUS, log, heap.flags());
        List<StreamFigure.Run> measured = new ArrayList<>();
        try (server) {
            server.awaitReady(60_000);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            try (HeapSampler sampler = HeapSampler.start(server.pid(), CLIENT_CPUS)) {
                sampler.awaitFirstSample(10_000);
                for (int i = 0; i < heap.warmups() + runs; i++) {
                    StreamFigure.Run run = figure.once(address, server, sampler, TIMEOUT_MS);
                    System.out.printf("%s %s %s: %s%n", kind.id(), heap.label(), i < heap.warmups() ? "warm-up" : "run " + (i - heap.warmups() + 1), run);
                    if (i >= heap.warmups() || !run.ok()) {
                        measured.add(run);
                    }
                    if (!run.ok()) {
                        break;
                    }
                }
            }
        }
        server.awaitLogWritten(10_000);
        String text = Files.exists(log) ? Files.readString(log) : "";
        return new Series(measured, outOfMemory(text));
    }

    /**
     * "OutOfMemoryError in the server's log (at Where.method(...))", naming the first frame of the
     * first one outside the JDK's own packages (where the server allocated), or "".
     */
    static String outOfMemory(String log) {
        List<String> lines = log.lines().map(String::trim).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("OutOfMemoryError")) {
                String where = "";
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("at "); j++) {
                    if (!lines.get(j).startsWith("at java.")) {
                        where = " (" + lines.get(j) + ")";
                        break;
                    }
                }
                return "OutOfMemoryError in the server's log" + where;
            }
        }
        return "";
    }
}
