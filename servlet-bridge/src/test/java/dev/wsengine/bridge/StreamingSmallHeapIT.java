package dev.wsengine.bridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gibibyte through an {@code InputStream} endpoint into a server JVM whose heap is 64 MiB, on
 * Jetty, whose connection the engine stops reading while the stream's reader is behind.
 * <p>
 * Jetty only, for now: the portable servlet transport pauses reading on Tomcat and Undertow too
 * ({@code ServletTransport}, {@link InboundBackPressureIT}), but a run there in a 64 MiB heap has
 * not been measured yet; the Servlet 6.0 run, which has Undertow alone, leaves this class out
 * (pom.xml).
 */
class StreamingSmallHeapIT {

    /**
     * 1 GiB in 64 KiB fragments from the JDK's client into a server whose heap is 64 MiB: the
     * endpoint counts every byte and its checksum matches. Buffered, the message alone would not fit.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aGibibyteThroughAnInputStreamInA64MiBHeap() throws Exception {
        long size = Long.getLong("streaming.it.bytes", 1L << 30);
        String container = "jetty";
        Process server = new ProcessBuilder(
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                StreamingServer.class.getName(), container)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> portLine = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
                        // start-up logging
                    }
                    return line;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String line = portLine.get(60, TimeUnit.SECONDS);
            assertTrue(line != null, "the server process printed no port");
            int port = Integer.parseInt(line.substring(5).trim());
            JdkClient client = JdkClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + EmbeddedServer.CONTEXT + "/count"));
            long started = System.nanoTime();
            String crc = StreamingIT.send(client, size);
            String reply = client.next();
            double seconds = (System.nanoTime() - started) / 1e9;
            String[] parts = reply.substring("text ".length()).split(" ");
            assertEquals(size + " " + crc, parts[0] + " " + parts[1], "bytes counted and CRC-32");
            System.out.printf("StreamingIT: %d MiB through an InputStream on %s in %.1f s (%.0f MiB/s), server peak heap %d MiB (-Xmx64m)%n",
                    size >> 20, container, seconds, (size >> 20) / seconds, Long.parseLong(parts[2]) >> 20);
            client.socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        } finally {
            server.getOutputStream().close(); // the server stops when its input ends
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

}
