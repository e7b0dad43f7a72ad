package dev.wsengine.benchmarks.harness;

import dev.wsengine.benchmarks.client.CpuClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under test in its own JVM, pinned to its core with taskset, every server with the
 * same flags. Its output goes to a log file; the harness waits for its ready line.
 */
public final class ServerProcess implements AutoCloseable {

    static final List<String> JVM_FLAGS = List.of("-XX:+UseG1GC", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final ServerKind kind;
    private final Process process;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    final long startedNanos;
    private Thread pump;

    private ServerProcess(ServerKind kind, Process process, long startedNanos) {
        this.kind = kind;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static ServerProcess start(ServerKind kind, String classpath, int port, String serverCpus, Path log, List<String> extraFlags)
            throws IOException {
        List<String> flags = new ArrayList<>(JVM_FLAGS);
        flags.addAll(extraFlags);
        return startWith(kind, classpath, port, serverCpus, log, flags);
    }

    /** Starts a server with exactly {@code jvmFlags}, for probes that need other flags than the benchmark's. */
    public static ServerProcess startWith(ServerKind kind, String classpath, int port, String serverCpus, Path log,
            List<String> jvmFlags) throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", serverCpus,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, kind.mainClass, Integer.toString(port)));
        Files.createDirectories(log.getParent());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(kind, process, started);
        server.pump = new Thread(() -> server.pump(log), "log-" + kind.id);
        server.pump.setDaemon(true);
        server.pump.start();
        return server;
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith("READY ")) {
                    out.flush();
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        } finally {
            ready.completeExceptionally(new IOException(kind.id + " exited before it was ready; see " + log));
        }
    }

    /**
     * Waits for the ready line and checks it names exactly one default configurator, from this
     * server's own implementation (none for the baseline, which has none).
     */
    public String awaitReady(long timeoutMillis) throws Exception {
        String line = ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
        String configurators = line.replaceFirst(".*configurators=", "");
        if (kind.configuratorPackage.isEmpty()) {
            if (!configurators.isEmpty()) {
                throw new IllegalStateException(kind.id + " should see no implementation at all: " + line);
            }
            return "none";
        }
        if (configurators.isEmpty() || configurators.contains(",") || !configurators.startsWith(kind.configuratorPackage)) {
            throw new IllegalStateException(kind.id + " sees the wrong implementations: " + line);
        }
        return configurators;
    }

    /**
     * After {@link #close()}: waits until the server's last output is in its log file (the log is
     * flushed at the ready line and when the process's output ends, not line by line).
     */
    public void awaitLogWritten(long timeoutMillis) throws InterruptedException {
        pump.join(timeoutMillis);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Freezes the whole JVM (SIGSTOP) while other servers are measured: the servers share one core,
     * and an idle JVM still wakes its selectors, timers and pools now and then. In the one full run
     * made with four idle servers left running beside the measured one, every server's p99 was 3 to 9
     * times its figure in the run before (a fresh JVM per session), and the baseline's 7.1 ms against
     * 3.9 ms; the two runs after this change gave the baseline 5.2 and 2.2 ms. The tail is noisy on
     * this machine, so this is a likely cause, not a measured one; a paused JVM costs nothing either way.
     */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused JVM run again (SIGCONT). */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
        byte[] out = kill.getInputStream().readAllBytes();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " " + pid() + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    public long pid() {
        return process.pid();
    }

    long cpuNanos() {
        return CpuClock.processNanos(pid());
    }

    /** CPU time of the server's JIT compiler threads. */
    long compilerNanos() {
        return CpuClock.compilerNanos(pid());
    }

    long rssBytes() {
        return CpuClock.rssBytes(pid());
    }

    long threadCount() {
        return CpuClock.threadCount(pid());
    }

    /** Heap in use after a full collection, from jcmd's GC.run and GC.heap_info. */
    public long heapUsedAfterFullGc(String clientCpus) throws IOException, InterruptedException {
        jcmd(clientCpus, "GC.run");
        return parseHeapUsed(jcmd(clientCpus, "GC.heap_info"));
    }

    static long parseHeapUsed(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + heapInfo);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String cpus, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("taskset", "-c", cpus,
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid()), what)
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + what + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            resume();
        } catch (IOException e) {
            // A paused JVM does not act on SIGTERM: it is killed below once the wait runs out.
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }
}
