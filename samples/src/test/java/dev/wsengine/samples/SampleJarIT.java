package dev.wsengine.samples;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged sample as a user starts it, {@code java -jar target/wsengine-samples.jar}, in its
 * own process: it echoes, and a termination signal (what Ctrl-C sends, as far as the JVM's shutdown
 * hooks go) closes open sessions with 1001 before the process exits.
 */
class SampleJarIT {

    private static final Pattern STARTED = Pattern.compile("sample server on http://localhost:(\\d+)");

    @Test
    void thePackagedServerEchoesAndClosesSessionsWith1001WhenTerminated() throws Exception {
        Path jar = Path.of("target", "wsengine-samples.jar");
        assertTrue(Files.isRegularFile(jar), "package the sample first: " + jar.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--port", "0")
                .redirectErrorStream(true).start();
        try {
            int port = awaitPort(process);
            CompletableFuture<String> text = new CompletableFuture<>();
            CompletableFuture<ByteBuffer> binary = new CompletableFuture<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new Collector(text, binary, closed))
                    .get(10, TimeUnit.SECONDS);

            socket.sendText("héllo", true).get(10, TimeUnit.SECONDS);
            assertEquals("héllo", text.get(10, TimeUnit.SECONDS));
            byte[] payload = new byte[1 << 20];
            new Random(7).nextBytes(payload);
            socket.sendBinary(ByteBuffer.wrap(payload), true).get(10, TimeUnit.SECONDS);
            ByteBuffer echoed = binary.get(10, TimeUnit.SECONDS);
            byte[] back = new byte[echoed.remaining()];
            echoed.get(back);
            assertArrayEquals(payload, back);

            process.destroy(); // SIGTERM: the JVM runs the sample's shutdown hook
            assertEquals(1001, closed.get(20, TimeUnit.SECONDS));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the sample did not exit");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int awaitPort(Process process) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("the sample exited without starting"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "sample-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    /** Collects one whole text message, one whole binary message and the close code. */
    private record Collector(CompletableFuture<String> text, CompletableFuture<ByteBuffer> binary,
                             CompletableFuture<Integer> closed, StringBuilder texts, ByteBuffer[] binaries)
            implements WebSocket.Listener {

        Collector(CompletableFuture<String> text, CompletableFuture<ByteBuffer> binary, CompletableFuture<Integer> closed) {
            this(text, binary, closed, new StringBuilder(), new ByteBuffer[] {ByteBuffer.allocate(0)});
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            texts.append(data);
            if (last) {
                text.complete(texts.toString());
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer grown = ByteBuffer.allocate(binaries[0].remaining() + data.remaining());
            grown.put(binaries[0]).put(data).flip();
            binaries[0] = grown;
            if (last) {
                binary.complete(binaries[0]);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }
}
