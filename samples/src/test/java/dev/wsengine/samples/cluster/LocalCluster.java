package dev.wsengine.samples.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code samples/cluster/cluster.sh} run as README says, in a directory of the test's own, and its
 * pieces handled through what the script records there (cluster.env, *.cmd). {@link #close} stops
 * the script (which stops what it started) and then kills by pid anything still there.
 */
final class LocalCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final Process script;
    private final Map<String, String> env = new HashMap<>();
    private final List<Process> restarted = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalCluster(Path dir, Process script) {
        this.dir = dir;
        this.script = script;
    }

    static LocalCluster start(Path dir) throws Exception {
        Path log = dir.resolve("script.out");
        Process script = new ProcessBuilder("bash", Path.of("cluster", "cluster.sh").toAbsolutePath().toString(),
                "--dir", dir.toString(), "--jar", Path.of("target", "wsengine-samples.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LocalCluster cluster = new LocalCluster(dir, script);
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!(Files.exists(log) && Files.readString(log).contains("cluster up:"))) {
                if (!script.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("cluster.sh did not bring the cluster up:\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    cluster.env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    int port(String name) {
        return Integer.parseInt(env.get(name));
    }

    URI throughNginx(String room, String name) {
        return URI.create("ws://127.0.0.1:" + port("NGINX_PORT") + "/chat/" + room + "?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    URI direct(int instance, String room, String name) {
        return URI.create("ws://127.0.0.1:" + port("INSTANCE_" + instance + "_PORT") + "/chat/" + room + "?name=" + name);
    }

    String instanceAddress(int instance) {
        return "127.0.0.1:" + port("INSTANCE_" + instance + "_PORT");
    }

    /** The instance's {@code GET /health}: "200 serving, N sessions, chat broker redis UP", or why not. */
    String health(int instance) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port("INSTANCE_" + instance + "_ADMIN_PORT") + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body().strip();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    void awaitHealth(int instance, Predicate<String> expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = health(instance);
        while (!expected.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("instance " + instance + ": expected " + what + ", health says " + last);
            }
            Thread.sleep(100);
            last = health(instance);
        }
    }

    /** Open sessions on each instance (index 0 is instance 1), from /health. */
    int[] sessions() {
        int[] counts = new int[3];
        for (int i = 1; i <= 3; i++) {
            String h = health(i);
            int at = h.indexOf(" sessions");
            counts[i - 1] = at < 0 ? -1 : Integer.parseInt(h.substring(h.lastIndexOf(' ', at - 1) + 1, at));
        }
        return counts;
    }

    HttpResponse<String> drain(int instance) throws Exception {
        return http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port("INSTANCE_" + instance + "_ADMIN_PORT") + "/drain"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    ProcessHandle process(String name) {
        long pid = Long.parseLong(env.get(name + "_PID"));
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " (pid " + pid + ") is not running"));
    }

    /** SIGTERM, as an operator's stop or Ctrl-C; true once it exited within the time given. */
    boolean terminate(String name, Duration within) throws Exception {
        ProcessHandle process = process(name);
        process.destroy();
        return awaitExit(process, within);
    }

    static boolean awaitExit(ProcessHandle process, Duration within) throws Exception {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Redis gone at once, as in a crash. */
    void killRedis() throws Exception {
        ProcessHandle redis = process("REDIS");
        redis.destroyForcibly();
        if (!awaitExit(redis, Duration.ofSeconds(10))) {
            throw new AssertionError("redis-server did not die");
        }
    }

    /** A piece again ("redis", "instance-2"), on its port, with the command the script recorded (README's step). */
    void restart(String piece) throws Exception {
        String command = Files.readString(dir.resolve(piece + ".cmd")).strip();
        restarted.add(new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(piece + "-restarted.log").toFile()))
                .start());
    }

    String nginxAccessLog() throws IOException {
        return Files.readString(dir.resolve("nginx").resolve("access.log"));
    }

    @Override
    public void close() {
        script.destroy(); // SIGTERM: its trap drains the instances and stops redis and nginx
        try {
            script.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        script.destroyForcibly();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().endsWith("_PID")) {
                // Only what the script started: a pid may have been reused since.
                Optional<ProcessHandle> left = ProcessHandle.of(Long.parseLong(e.getValue()))
                        .filter(h -> h.info().command().map(c -> c.endsWith("java") || c.contains("redis")
                                || c.contains("nginx")).orElse(false));
                left.ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (Process process : restarted) {
            // bash -c runs the command as its only child, or in its place: either way, both go.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
