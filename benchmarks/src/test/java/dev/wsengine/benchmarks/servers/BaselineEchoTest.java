package dev.wsengine.benchmarks.servers;

import dev.wsengine.benchmarks.client.LatencyLoad;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineEchoTest {

    @Test
    void answersTheLatencyFiguresTraffic() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process baseline = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BaselineEcho.class.getName(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try {
            // The test class path holds every peer (their logging may speak first), so only the start of the ready line is the baseline's own.
            BufferedReader output = new BufferedReader(new InputStreamReader(baseline.getInputStream(), StandardCharsets.UTF_8));
            String ready;
            do {
                ready = output.readLine();
            } while (ready != null && !ready.startsWith("READY "));
            assertTrue(ready != null && ready.startsWith("READY baseline port=" + port + " "), "ready line: " + ready);
            // 200 msg/s for half a second over 4 connections; LatencyLoad fails on an echo of the wrong opcode or length.
            LatencyLoad.Samples s = LatencyLoad.run(new InetSocketAddress("127.0.0.1", port), 4, 200, 64, 0, 500_000_000L);
            assertTrue(s.sortedNanos().length >= 50, "echoes: " + s.sortedNanos().length);
            assertTrue(s.percentileMicros(50) > 0);
        } finally {
            baseline.destroy();
            baseline.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
