package dev.wsengine.samples.boot;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged Spring Boot sample as a user starts it, {@code java -jar
 * target/wsengine-spring-boot-sample.jar}, in its own process on 127.0.0.1 and a free port,
 * driven by the JDK's WebSocket and HTTP clients and a raw socket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpringBootSampleIT {

    private static final Path JAR = Path.of("target", "wsengine-spring-boot-sample.jar");
    private static final Pattern STARTED = Pattern.compile("Spring Boot sample on http://localhost:(\\d+)");

    private static Process process;
    private static final StringBuffer output = new StringBuffer();
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "package the sample first: " + JAR.toAbsolutePath());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", JAR.toString(), "--server.port=0", "--server.address=127.0.0.1")
                .redirectErrorStream(true).start();
        port = awaitPort();
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void thePackagedJarCarriesOurEngineAndNoTomcatOrJettyWebSocket() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> libs = jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/"))
                    .map(n -> n.substring("BOOT-INF/lib/".length())).toList();
            assertTrue(libs.stream().anyMatch(n -> n.startsWith("servlet-bridge-")), libs.toString());
            assertTrue(libs.stream().anyMatch(n -> n.startsWith("tomcat-embed-core-")), libs.toString());
            assertFalse(libs.stream().anyMatch(n -> n.startsWith("tomcat-embed-websocket")), libs.toString());
            assertFalse(libs.stream().anyMatch(n -> n.startsWith("jetty-")), libs.toString());
        }
    }

    @Test
    void answersTheHandshakeWith101() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
        }
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        Client client = Client.connect(ws("/echo"));
        client.send("héllo");
        assertEquals("text héllo", client.next());
        client.socket.sendBinary(ByteBuffer.allocate(100_000), true).get(10, TimeUnit.SECONDS);
        assertEquals("binary 100000 bytes", client.next());
    }

    @Test
    void theChatRoomBroadcastsToItsMembers() throws Exception {
        Client ann = Client.connect(ws("/chat/boot?name=ann"));
        Client bob = Client.connect(ws("/chat/boot?name=bob"));
        ann.nextContaining("\"name\":\"bob\"");
        ann.send("{\"text\":\"hello bob\"}");
        String received = bob.nextContaining("hello bob");
        assertTrue(received.contains("\"name\":\"ann\""), received);
    }

    @Test
    void refusesAnotherOriginWith403() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: https://elsewhere.example\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 403"), head);
        }
    }

    @Test
    void springServesTheSamplesPages() throws Exception {
        HttpResponse<String> index = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("wsengine samples"), index.body());
    }

    /** Last: what Ctrl-C does, as far as the JVM's shutdown hooks go. */
    @Test
    @Order(Integer.MAX_VALUE)
    void terminatingTheProcessClosesSessionsWith1001() throws Exception {
        Client client = Client.connect(ws("/echo"));
        client.send("still here");
        assertEquals("text still here", client.next());
        process.destroy(); // SIGTERM
        assertEquals("close 1001", client.next());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the sample did not exit:\n" + output);
    }

    private static URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static int awaitPort() throws Exception {
        CompletableFuture<Integer> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        found.complete(Integer.parseInt(m.group(1)));
                    }
                }
                found.completeExceptionally(new AssertionError("the sample exited without starting:\n" + output));
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
        }, "spring-boot-sample-output");
        reader.setDaemon(true);
        reader.start();
        return found.get(90, TimeUnit.SECONDS);
    }
}
