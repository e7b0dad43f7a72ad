package dev.wsengine.client;

import dev.wsengine.handshake.AcceptKey;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WsClientContainerTest {

    private final WsClientContainer container = new WsClientContainer();

    @AfterEach
    void shutdown() {
        container.shutdown();
    }

    /** A programmatic endpoint that writes down what it gets. */
    static final class Recorder extends Endpoint {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> events.add("text " + text));
            session.addMessageHandler(ByteBuffer.class,
                    (MessageHandler.Whole<ByteBuffer>) data -> events.add("binary " + data.remaining()));
            events.add("open");
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }

        @Override
        public void onError(Session session, Throwable thr) {
            events.add("error " + thr);
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("No event within 10 s");
            }
            return e;
        }
    }

    @Test
    void containerProviderFindsOurContainer() {
        assertInstanceOf(WsClientContainer.class, ContainerProvider.getWebSocketContainer());
    }

    @Test
    void talksToJettysOwnServer() throws Exception {
        try (JettyPeer jetty = new JettyPeer()) {
            Recorder recorder = new Recorder();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                    .preferredSubprotocols(List.of("other", "chat"))
                    .configurator(new ClientEndpointConfig.Configurator() {
                        @Override
                        public void beforeRequest(Map<String, List<String>> headers) {
                            headers.put("X-Test", List.of("added"));
                        }

                        @Override
                        public void afterResponse(HandshakeResponse response) {
                            recorder.events.add("accept header " + (response.getHeaders().get("Sec-WebSocket-Accept") != null));
                        }
                    }).build();
            Session session = container.connectToServer(recorder, config, jetty.uri("/echo"));
            assertEquals("accept header true", recorder.next());
            assertEquals("open", recorder.next());
            assertEquals("X-Test: added", jetty.seen.poll(5, TimeUnit.SECONDS));
            assertEquals("chat", session.getNegotiatedSubprotocol());
            session.getBasicRemote().sendText("hello jetty");
            assertEquals("text hello jetty", recorder.next());
            session.getBasicRemote().sendBinary(ByteBuffer.allocate(60_000));
            assertEquals("binary 60000", recorder.next());
            session.close();
            assertEquals("close 1000", recorder.next());
        }
    }

    @Test
    void aRefusedHandshakeCarriesTheHttpStatus() throws Exception {
        try (FakeServer server = new FakeServer(request ->
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", true)) {
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), ClientEndpointConfig.Builder.create().build(),
                            server.uri("/x")));
            assertTrue(e.getMessage().contains("403"), e.getMessage());
        }
    }

    private static String upgradeAnswer(String request, String... extraHeaders) {
        StringBuilder answer = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + AcceptKey.forKey(FakeServer.key(request)) + "\r\n");
        for (String h : extraHeaders) {
            answer.append(h).append("\r\n");
        }
        return answer.append("\r\n").toString();
    }

    @Test
    void wrongAnswersToTheHandshakeFailIt() throws Exception {
        String[][] cases = {
                {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: d3JvbmcK\r\n\r\n", "Sec-WebSocket-Accept"},
                {null, "subprotocol"},
                {null, "extension"}};
        for (int i = 0; i < cases.length; i++) {
            int which = i;
            try (FakeServer server = new FakeServer(request -> switch (which) {
                case 0 -> cases[0][0];
                case 1 -> upgradeAnswer(request, "Sec-WebSocket-Protocol: never-offered");
                default -> upgradeAnswer(request, "Sec-WebSocket-Extensions: x-never-offered");
            }, false)) {
                DeploymentException e = assertThrows(DeploymentException.class,
                        () -> container.connectToServer(new Recorder(), ClientEndpointConfig.Builder.create().build(),
                                server.uri("/x")));
                assertTrue(e.getMessage().contains(cases[which][1]), e.getMessage());
            }
        }
    }

    @Test
    void aServerThatNeverAnswersHitsTheConnectTimeout() throws Exception {
        try (FakeServer server = new FakeServer(request -> null, false)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT_MS, 300L);
            DeploymentException e = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("/x")));
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
        }
    }

    @Test
    void aDroppedConnectionReportsAbnormalCloseOnce() throws Exception {
        try (FakeServer server = new FakeServer(WsClientContainerTest::upgradeAnswer, true)) {
            Recorder recorder = new Recorder();
            container.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(), server.uri("/x"));
            assertEquals("open", recorder.next());
            assertEquals("close 1006", recorder.next());
            assertNull(recorder.events.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void connectsThroughAnHttpProxy() throws Exception {
        try (JettyPeer jetty = new JettyPeer(); ConnectProxy proxy = new ConnectProxy()) {
            Recorder recorder = new Recorder();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            Session session = container.connectToServer(recorder, config, jetty.uri("/echo"));
            session.getBasicRemote().sendText("via proxy");
            assertEquals("open", recorder.next());
            assertEquals("text via proxy", recorder.next());
            assertTrue(proxy.connectLine.startsWith("CONNECT 127.0.0.1:"), proxy.connectLine);
        }
    }

    @Test
    void speaksTlsWithASelfSignedCertificateAndChecksTheHostName() throws Exception {
        Path dir = Files.createTempDirectory("tls");
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "secret", "-keypass", "secret").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "secret".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (JettyPeer jetty = new JettyPeer(keystore, "secret")) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.SSL_CONTEXT, context);
            Recorder recorder = new Recorder();
            Session session = container.connectToServer(recorder, config, jetty.uri("localhost", "/echo"));
            assertTrue(session.isSecure());
            session.getBasicRemote().sendText("secret hello");
            assertEquals("open", recorder.next());
            assertEquals("text secret hello", recorder.next());
            session.getBasicRemote().sendBinary(ByteBuffer.allocate(60_000));
            assertEquals("binary 60000", recorder.next());

            DeploymentException wrongName = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), config, jetty.uri("127.0.0.1", "/echo")));
            assertTrue(wrongName.getMessage().toLowerCase().contains("certificate")
                    || wrongName.getMessage().contains("No subject alternative"), wrongName.getMessage());
        }
    }

    @Test
    void itsThreadsDoNotKeepTheJvmAlive() throws Exception {
        try (JettyPeer jetty = new JettyPeer()) {
            container.connectToServer(new Recorder(), ClientEndpointConfig.Builder.create().build(), jetty.uri("/echo"));
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("wsengine-client-")) {
                    assertTrue(t.isDaemon(), t.getName() + " is not a daemon thread");
                }
            }
        }
    }

    /** A minimal HTTP proxy that understands CONNECT, for one connection. */
    static final class ConnectProxy implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        volatile String connectLine = "";

        ConnectProxy() throws IOException {
            Thread thread = new Thread(this::serve, "connect-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try (Socket client = socket.accept()) {
                String head = FakeServer.readHead(client.getInputStream());
                connectLine = head.split("\r\n")[0];
                String[] target = connectLine.split(" ")[1].split(":");
                try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes());
                    Thread pump = new Thread(() -> copy(upstream, client));
                    pump.setDaemon(true);
                    pump.start();
                    copy(client, upstream);
                }
            } catch (IOException ignored) {
                // The test has its answer by then.
            }
        }

        private static void copy(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // One side closed.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
