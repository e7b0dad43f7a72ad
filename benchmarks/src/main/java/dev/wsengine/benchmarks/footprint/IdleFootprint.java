package dev.wsengine.benchmarks.footprint;

import dev.wsengine.benchmarks.client.HandshakeLoad;
import dev.wsengine.benchmarks.harness.ServerClasspath;
import dev.wsengine.benchmarks.harness.ServerKind;
import dev.wsengine.benchmarks.harness.ServerPorts;
import dev.wsengine.benchmarks.harness.ServerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What an idle connection's heap is made of, class by class. The benchmark's row gives each
 * server's total (heap after a full collection); this holds the same idle connections to one
 * server and prints the growth of its class histogram ({@code jcmd GC.class_histogram}, which
 * collects first) per connection:
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/classes dev.wsengine.benchmarks.footprint.IdleFootprint \
 *     [--server ours-jetty] [--connections 10000] [--top 40] [--server-flag -Dbench.tomcatSocketBuffer=4096]
 * </pre>
 * The server runs with the benchmark's heap settings; before the histogram it is given 1,000
 * connections held and closed, so that pools and caches a first burst grows are in both
 * histograms, not counted as the connections' own. Last it lists the server's threads by name
 * (numbers taken out) while the connections are open, and how many each name gained.
 */
public final class IdleFootprint {

    private static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xms1g", "-Xmx1g");
    private static final String IDLE_PATH = "/idle";
    private static final long HOLD_NANOS = TimeUnit.MINUTES.toNanos(2);

    public static void main(String[] args) throws Exception {
        ServerKind kind = ServerKind.OURS_JETTY;
        int connections = 10_000;
        int top = 40;
        Path build = Path.of("benchmarks/target");
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--server" -> kind = ServerKind.byId(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--build" -> build = Path.of(args[++i]);
                case "--server-flag" -> flags.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String classes = build.resolve("classes").toAbsolutePath().toString();
        String classpath = ServerClasspath.forServer(kind, classes, Files.readString(build.resolve("classpath.txt")).trim());
        int port = ServerPorts.pick();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        try (ServerProcess server = ServerProcess.startWith(kind, classpath, port, "0",
                build.resolve("footprint-" + kind.id() + ".log"), flags)) {
            server.awaitReady(60_000);
            try (HandshakeLoad.Held warm = HandshakeLoad.hold(address, IDLE_PATH, 1_000, 200, HOLD_NANOS)) {
                requireAll(warm, 1_000);
            }
            Thread.sleep(1_000); // closes completed on the server's side
            ClassHistogram before = histogram(server.pid());
            Map<String, Integer> threadsBefore = threadsByName(server.pid());
            Map<String, Integer> threadsDuring;
            ClassHistogram during;
            try (HandshakeLoad.Held held = HandshakeLoad.hold(address, IDLE_PATH, connections, 200, HOLD_NANOS)) {
                requireAll(held, connections);
                Thread.sleep(2_000); // the last opens finished on the server's side
                during = histogram(server.pid());
                threadsDuring = threadsByName(server.pid());
            }
            System.out.printf(Locale.ROOT, "%s, %,d idle connections: %,.0f bytes each%n", kind.label(), connections,
                    during.totalGrowthSince(before, connections));
            List<ClassHistogram.Growth> rows = during.growthSince(before, connections);
            for (ClassHistogram.Growth row : rows.subList(0, Math.min(top, rows.size()))) {
                System.out.printf(Locale.ROOT, "%8.1f B %6.2f objects  %s%n", row.bytesEach(), row.instancesEach(), row.className());
            }
            printThreads(threadsBefore, threadsDuring);
        }
    }

    private static void requireAll(HandshakeLoad.Held held, int wanted) {
        if (held.size() != wanted) {
            throw new IllegalStateException("only " + held.size() + " of " + wanted + " connections opened");
        }
    }

    /**
     * The server's threads while the connections are open against just before, grouped by name
     * with the numbers taken out ("qtp123-45" counts as "qtp#-#"): which pool grew for them.
     */
    private static void printThreads(Map<String, Integer> before, Map<String, Integer> during) {
        int total = during.values().stream().mapToInt(Integer::intValue).sum();
        int added = total - before.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf(Locale.ROOT, "threads while open: %d (%+d since just before the opens)%n", total, added);
        Map<String, Integer> names = new TreeMap<>(during);
        before.keySet().forEach(name -> names.putIfAbsent(name, 0));
        names.forEach((name, now) -> {
            int was = before.getOrDefault(name, 0);
            System.out.printf(Locale.ROOT, "%6d %+6d  %s%n", now, now - was, name);
        });
    }

    private static Map<String, Integer> threadsByName(long pid) throws IOException, InterruptedException {
        Map<String, Integer> byName = new TreeMap<>();
        for (String line : jcmd(pid, "Thread.print").split("\n")) {
            if (line.startsWith("\"")) {
                String name = line.substring(1, line.indexOf('"', 1)).replaceAll("[0-9]+", "#");
                byName.merge(name, 1, Integer::sum);
            }
        }
        return byName;
    }

    private static ClassHistogram histogram(long pid) throws IOException, InterruptedException {
        return ClassHistogram.parse(jcmd(pid, "GC.class_histogram"));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
