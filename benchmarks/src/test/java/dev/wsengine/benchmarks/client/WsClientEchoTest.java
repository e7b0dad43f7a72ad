package dev.wsengine.benchmarks.client;

import dev.wsengine.benchmarks.servers.BaselineEcho;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The npm ws client's echo load, run for real against the blocking baseline echo. */
class WsClientEchoTest {

    /** Surefire runs in the module directory. */
    private static final Path SCRIPT = Path.of("ws-client", "echo-load.js").toAbsolutePath();

    @BeforeAll
    static void installTheClient() throws Exception {
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules").resolve("ws"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(SCRIPT.getParent().toFile()).inheritIO().start();
            assertTrue(npm.waitFor(180, TimeUnit.SECONDS), "npm ci did not finish");
            assertEquals(0, npm.exitValue(), "npm ci in " + SCRIPT.getParent());
        }
    }

    @Test
    void countsTheEchoesOfItsMeasuredWindowAndTheServersCpuOverIt() throws Exception {
        int port = freePort();
        Process baseline = startBaseline(port);
        try {
            WsClientEcho client = new WsClientEcho(SCRIPT);
            LoadResult text = client.run(new InetSocketAddress("127.0.0.1", port), 4, 2, false, 64, 300_000_000L,
                    700_000_000L, () -> CpuClock.processNanos(baseline.pid()));
            // The baseline answers each frame only after reading all of it, so echoes prove whole frames went both ways.
            assertTrue(text.operations() > 100, "echoes in 0.7 s: " + text.operations());
            assertTrue(text.elapsedNanos() >= 600_000_000L, "window: " + text.elapsedNanos());
            assertTrue(text.serverCpuNanos() > 0, "the server worked: " + text.serverCpuNanos());
            assertTrue(text.clientCpuNanos() > 0);
            assertTrue(client.client().matches("ws=8\\.\\d+\\.\\d+ node=v\\d+.*"), client.client());

            LoadResult binary = client.run(new InetSocketAddress("127.0.0.1", port), 2, 2, true, 16 * 1024, 200_000_000L,
                    500_000_000L, () -> CpuClock.processNanos(baseline.pid()));
            assertTrue(binary.operations() > 10, "16 KiB echoes in 0.5 s: " + binary.operations());
        } finally {
            baseline.destroy();
            baseline.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerThatIsNotThereIsAnErrorWithTheClientsReason() throws Exception {
        int port = freePort();
        WsClientEcho client = new WsClientEcho(SCRIPT);
        IOException e = assertThrows(IOException.class, () -> client.run(new InetSocketAddress("127.0.0.1", port), 1, 1, false, 64,
                100_000_000L, 100_000_000L, () -> 0L));
        assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
    }

    @Test
    void aMissingInstallIsNamedBeforeAnythingRuns(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("echo-load.js"), "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new WsClientEcho(script));
        assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static Process startBaseline(int port) throws IOException {
        Process baseline = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BaselineEcho.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(baseline.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do {
            line = output.readLine();
        } while (line != null && !line.startsWith("READY "));
        assertTrue(line != null, "the baseline never got ready");
        // Its output must keep draining, or a full pipe would stall it.
        Thread drain = new Thread(() -> output.lines().forEach(l -> { }), "baseline-output");
        drain.setDaemon(true);
        drain.start();
        return baseline;
    }
}
