package dev.wsengine.benchmarks.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo load sent by the npm ws client ({@code benchmarks/ws-client/echo-load.js}, run by Node)
 * instead of {@link EchoLoad}: the load client the benchmark issue measured its peers with. The
 * script marks its measured window with a START and an END line; the server's CPU clock is read as
 * each arrives, so server CPU and messages are counted over the same window.
 */
public final class WsClientEcho {

    private static final Pattern END = Pattern.compile("END messages=(\\d+) clientCpuMicros=(\\d+)");
    private static final Pattern CLIENT = Pattern.compile("CLIENT (.+)");

    private final Path script;
    /** What the script says it runs, e.g. {@code ws=8.23.1 node=v20.20.2}; null until one run has started. */
    private volatile String client;

    public WsClientEcho(Path script) {
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.resolveSibling("node_modules").resolve("ws"))) {
            throw new IllegalStateException(script + " or its node_modules/ws is missing: run npm ci in " + script.getParent());
        }
        this.script = script;
    }

    public String client() {
        return client;
    }

    /**
     * One warm-up and one measured window; the client process inherits this process's CPU
     * affinity, so it runs on the load client's core.
     */
    public LoadResult run(InetSocketAddress server, int connections, int depth, boolean binary, int size, long warmupNanos,
                          long measureNanos, LongSupplier serverCpu) throws IOException, InterruptedException {
        List<String> command = List.of("node", script.toString(), server.getHostString(), Integer.toString(server.getPort()),
                Integer.toString(connections), Integer.toString(size), binary ? "binary" : "text", Integer.toString(depth),
                Long.toString(warmupNanos / 1_000_000), Long.toString(measureNanos / 1_000_000));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<LoadResult> result = CompletableFuture.supplyAsync(() -> read(process, serverCpu));
        long limitMillis = (warmupNanos + measureNanos) / 1_000_000 + 40_000;
        try {
            return result.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("ws client: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("ws client gave no END within " + limitMillis + " ms", e);
        } finally {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private LoadResult read(Process process, LongSupplier serverCpu) {
        StringBuilder other = new StringBuilder();
        long cpu0 = 0;
        long t0 = 0;
        boolean started = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("START")) {
                    cpu0 = serverCpu.getAsLong();
                    t0 = System.nanoTime();
                    started = true;
                    continue;
                }
                Matcher end = END.matcher(line);
                if (started && end.matches()) {
                    long cpu1 = serverCpu.getAsLong();
                    long t1 = System.nanoTime();
                    return new LoadResult(Long.parseLong(end.group(1)), t1 - t0, cpu1 - cpu0, Long.parseLong(end.group(2)) * 1_000);
                }
                Matcher client = CLIENT.matcher(line);
                if (client.matches()) {
                    this.client = client.group(1);
                    continue;
                }
                other.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading the ws client's output failed", e);
        }
        throw new IllegalStateException("the ws client ended without a measured window"
                + (started ? " (START but no END)" : "") + ": " + other.toString().trim());
    }
}
