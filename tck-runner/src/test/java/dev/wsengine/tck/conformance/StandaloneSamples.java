package dev.wsengine.tck.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The samples WAR in a real standalone distribution, started the way README says, by
 * {@code samples/standalone.sh tomcat|jetty PORT} in a process of its own; the script prints
 * {@code READY <echo URI>} once the echo endpoint answers a handshake.
 */
final class StandaloneSamples implements ConformanceTarget {

    /** Downloads (first run only), unpacks and starts a whole servlet container. */
    private static final long START_TIMEOUT_SECONDS = 240;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final String container;
    private Process process;

    StandaloneSamples(String container) {
        this.container = container;
    }

    @Override
    public String name() {
        return "standalone-" + container;
    }

    @Override
    public URI start() throws Exception {
        Path script = Path.of("..", "samples", "standalone.sh").toAbsolutePath().normalize();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is missing or not executable");
        }
        Path log = Path.of("target", "conformance-" + name() + "-server.log");
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder("bash", script.toString(), container, Integer.toString(freePort()))
                .redirectError(log.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line.substring("READY ".length()).strip();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String uri;
        try {
            uri = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            uri = null;
        }
        if (uri == null) {
            throw new IllegalStateException("standalone.sh " + container + " did not print READY within "
                    + START_TIMEOUT_SECONDS + " s (exit " + (process.isAlive() ? "none, still running" : process.exitValue())
                    + "); its output: " + log.toAbsolutePath());
        }
        return URI.create(uri);
    }

    @Override
    public long maxMessage() {
        return SuiteSettings.SAMPLE_ECHO_LIMIT;
    }

    /** SIGTERM, as Ctrl-C would: the script stops its server and ends. */
    @Override
    public void close() throws Exception {
        Process process = this.process;
        this.process = null;
        if (process == null) {
            return; // already stopped: JUnit closes an AutoCloseable argument once more
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("standalone.sh " + container + " still running " + STOP_TIMEOUT_SECONDS
                    + " s after SIGTERM; killed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
