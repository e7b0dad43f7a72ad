package dev.wsengine.samples.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code samples/standalone.sh CONTAINER PORT} in its own process, as a user or another test suite
 * runs it: started on a free port, ready when it prints its one {@code READY ws://…} line, stopped
 * with SIGTERM (what Ctrl-C amounts to). Its standard error, the server's own log, goes to
 * {@code target/standalone/<container>-it.log}.
 */
final class StandaloneServer {

    static final Path SCRIPT = Path.of("standalone.sh");
    static final long READY_SECONDS = 120;
    static final long STOP_SECONDS = 30;
    private static final Pattern PROBLEM = Pattern.compile("SEVERE|ERROR|WARN|^standalone\\.sh: ");
    private static final Pattern READY = Pattern.compile("READY (ws://127\\.0\\.0\\.1:(\\d+)(/[^/\\s]+)/echo)");

    private final String container;
    private final Process process;
    private final Path log;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
    private final URI echo;
    private final String contextPath;
    private final int port;

    private StandaloneServer(String container, int port) throws Exception {
        this.container = container;
        this.log = Path.of("target", "standalone", container + "-it.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder script = new ProcessBuilder("bash", SCRIPT.toString(), container, Integer.toString(port))
                .redirectError(log.toFile());
        // The servers run on the JDK that runs these tests, unless JAVA_HOME names another.
        script.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        this.process = script.start();
        // Should this JVM end without stop() (a crashed or interrupted build), take the server along.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "standalone-" + container + "-reaper"));
        Thread reader = new Thread(this::readStdout, "standalone-" + container + "-stdout");
        reader.setDaemon(true);
        reader.start();
        Matcher line;
        try {
            line = ready.get(READY_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException notReady) {
            String why = notReady instanceof TimeoutException ? "no READY line within " + READY_SECONDS + " s"
                    : notReady.getCause().getMessage();
            stop();
            throw new AssertionError(SCRIPT + " " + container + " " + port + ": " + why + "; its log, " + log
                    + ", says:\n" + problems() + "\n… and ends with:\n" + tail(20));
        }
        this.echo = URI.create(line.group(1));
        this.port = Integer.parseInt(line.group(2));
        this.contextPath = line.group(3);
        if (this.port != port) {
            stop();
            throw new AssertionError("READY names port " + this.port + ", not the " + port + " it was given");
        }
    }

    /** Runs the script for this container on a free port and waits for its READY line. */
    static StandaloneServer start(String container) throws Exception {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new AssertionError(SCRIPT.toAbsolutePath() + " is missing");
        }
        return new StandaloneServer(container, freePort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                stdout.add(line);
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    ready.complete(m);
                } else {
                    ready.completeExceptionally(new AssertionError("a line on standard output that is not "
                            + "the READY line: " + line));
                }
            }
            ready.completeExceptionally(new AssertionError("the script exited before READY"));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    URI echo() {
        return echo;
    }

    int port() {
        return port;
    }

    /** The web application's pages: {@code http://127.0.0.1:PORT/<context>/path}. */
    String page(String path) {
        return "http://127.0.0.1:" + port + contextPath + "/" + path;
    }

    String contextPath() {
        return contextPath;
    }

    List<String> stdout() {
        return stdout;
    }

    Path logFile() {
        return log;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The log's lines that report a problem: the server's SEVERE, ERROR and WARN lines, the script's own. */
    String problems() {
        try {
            return String.join("\n", Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> PROBLEM.matcher(line).find()).limit(20).toList());
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * SIGTERM to the script, which stops the server. Returns the processes (script and server JVM)
     * still alive once the script has ended, and kills them: an empty list is a clean stop.
     */
    List<ProcessHandle> stop() throws InterruptedException {
        List<ProcessHandle> tree = new CopyOnWriteArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        process.destroy();
        process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        return alive;
    }

    @Override
    public String toString() {
        return container + " on 127.0.0.1:" + port;
    }
}
