package dev.wsengine.samples.abuse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged sample server started as README starts it, {@code java -jar wsengine-samples.jar},
 * in its own JVM with a small heap: an attack that exhausts memory kills that process and not the
 * test's, and the figures read through JMX (heap, direct buffers, live sessions) are the server's
 * alone, without the clients' buffers mixed in.
 */
final class SampleProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("sample server on http://localhost:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output;
    private final JvmProbe probe;

    private SampleProcess(Process process, int port, List<String> output) throws Exception {
        this.process = process;
        this.port = port;
        this.output = output;
        this.probe = JvmProbe.attach(process.pid());
    }

    /** Starts the jar with {@code -Xmx<heapMb>m} and {@code args} after {@code --port 0}. */
    static SampleProcess start(int heapMb, String... args) throws Exception {
        Path jar = Path.of("target", "wsengine-samples.jar");
        assertTrue(Files.isRegularFile(jar), "package the sample first: " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "--port", "0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("the sample exited without starting: " + output));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "sample-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new SampleProcess(process, port.get(60, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the server printed so far (standard output and error). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The server's memory and objects, through JMX. */
    JvmProbe probe() {
        return probe;
    }

    long liveHeap() throws Exception {
        return probe.liveHeap();
    }

    long heapNow() throws Exception {
        return probe.heapNow();
    }

    long direct() throws Exception {
        return probe.direct();
    }

    long instances(String className) throws Exception {
        return probe.instances(className);
    }

    /** Sockets the server holds open (Linux: its file descriptors that are sockets), listening ones included. */
    long openSockets() throws Exception {
        long sockets = 0;
        try (var fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // gone between the listing and the look
                }
            }
        }
        return sockets;
    }

    /** SIGTERM, as Ctrl-C or a service manager stops the server. */
    void terminate() {
        process.destroy();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        probe.close();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
