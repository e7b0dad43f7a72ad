package dev.wsengine.client;

import dev.wsengine.testsupport.HttpHead;

import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client container against a server no one here wrote: Jetty 12.1's own WebSocket server. */
class WsClientContainerIT {

    private static JettyPeer jetty;
    private final WsClientContainer container = new WsClientContainer();

    @BeforeAll
    static void startJetty() throws Exception {
        jetty = new JettyPeer();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        jetty.close();
    }

    @AfterEach
    void shutdown() {
        container.shutdown();
        jetty.seen.clear();
        jetty.closes.clear();
    }

    @Test
    void aProgrammaticEndpointTalksToJetty() throws Exception {
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
                        recorder.events.add("accept header " + response.getHeaders().get("sec-websocket-accept").size());
                    }
                }).build();
        Session session = container.connectToServer(recorder, config, jetty.uri("/echo"));
        assertEquals("accept header 1", recorder.next());
        assertEquals("open", recorder.next());
        assertEquals("X-Test: added", jetty.seen.poll(5, TimeUnit.SECONDS));
        assertEquals("chat", session.getNegotiatedSubprotocol());
        assertTrue(session.isOpen());

        session.getBasicRemote().sendText("hello jetty");
        assertEquals("text hello jetty", recorder.next());
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(60_000));
        assertEquals("binary 60000", recorder.next());
        session.close();
        assertEquals("close 1000", recorder.next());
        assertEquals("jetty closed 1000", jetty.closes.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void runsPermessageDeflateWithJettyWhenTheConfigurationOffersIt() throws Exception {
        Recorder recorder = new Recorder();
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .extensions(List.of(dev.wsengine.extensions.PerMessageDeflate.installedExtension())).build();
        Session session = container.connectToServer(recorder, config, jetty.uri("/echo"));
        assertEquals("open", recorder.next());
        assertEquals(List.of("permessage-deflate"),
                session.getNegotiatedExtensions().stream().map(jakarta.websocket.Extension::getName).toList());
        // Jetty inflates what we compress and compresses its echoes; twice, so the second message
        // of each direction leans on the context the first left.
        String text = "compressible text, ".repeat(3_000);
        for (int i = 0; i < 2; i++) {
            session.getBasicRemote().sendText(text);
            assertEquals("text " + text, recorder.next());
        }
        session.getBasicRemote().sendText("Hello", false);
        session.getBasicRemote().sendText(", world", true);
        assertEquals("text Hello, world", recorder.next());
        session.getBasicRemote().sendBinary(ByteBuffer.allocate(60_000));
        assertEquals("binary 60000", recorder.next());
        session.close();
        assertEquals("close 1000", recorder.next());
        assertEquals("jetty closed 1000", jetty.closes.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void offersNoExtensionTheConfigurationDoesNotList() throws Exception {
        Recorder recorder = new Recorder();
        Session session = container.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(),
                jetty.uri("/echo"));
        assertEquals("open", recorder.next());
        assertEquals(List.of(), session.getNegotiatedExtensions(), "Jetty would have agreed to permessage-deflate");
        session.close();
    }

    @Test
    void refusesToOfferAClientWindowTheJdkCannotKeep() {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .extensions(List.of(new dev.wsengine.handshake.WsExtension("permessage-deflate",
                        List.of(new dev.wsengine.handshake.WsExtension.Param("client_max_window_bits", "10"))))).build();
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> container.connectToServer(new Recorder(), config, jetty.uri("/echo")));
        assertTrue(e.getMessage().contains("client_max_window_bits"), e.getMessage());
    }

    @Test
    void aProgrammaticEndpointClassIsInstantiatedByTheContainer() throws Exception {
        Session session = container.connectToServer(Counting.class, ClientEndpointConfig.Builder.create().build(),
                jetty.uri("/echo"));
        session.getBasicRemote().sendText("one");
        assertEquals("Counting got one", Counting.EVENTS.poll(10, TimeUnit.SECONDS));
        session.close();
    }

    public static final class Counting extends Endpoint {
        static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, text -> EVENTS.add("Counting got " + text));
        }
    }

    /** Encodes greetings as text; {@code @ClientEndpoint(encoders)} must reach the session. */
    public static final class GreetingEncoder implements Encoder.Text<Greeting> {
        @Override
        public String encode(Greeting greeting) throws EncodeException {
            return "greeting:" + greeting.name();
        }
    }

    public record Greeting(String name) {
    }

    /** Adds a header, so the test sees the annotation's configurator at work. */
    public static final class AddsHeader extends ClientEndpointConfig.Configurator {
        @Override
        public void beforeRequest(Map<String, List<String>> headers) {
            headers.put("X-Test", List.of("from annotation"));
        }
    }

    @ClientEndpoint(subprotocols = {"chat"}, encoders = GreetingEncoder.class, configurator = AddsHeader.class)
    public static final class AnnotatedClient {
        static final BlockingQueue<String> CLASS_EVENTS = new LinkedBlockingQueue<>();
        final BlockingQueue<String> events;

        public AnnotatedClient() {
            this(CLASS_EVENTS);
        }

        AnnotatedClient(BlockingQueue<String> events) {
            this.events = events;
        }

        @OnOpen
        public void opened(Session session) {
            events.add("open " + session.getNegotiatedSubprotocol());
        }

        @OnMessage
        public void text(String message) {
            events.add("text " + message);
        }

        @OnClose
        public void closed(CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }
    }

    @Test
    void anAnnotatedInstanceGetsItsSubprotocolEncoderAndConfigurator() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Session session = container.connectToServer(new AnnotatedClient(events), jetty.uri("/echo"));
        assertEquals("open chat", events.poll(10, TimeUnit.SECONDS));
        assertEquals("X-Test: from annotation", jetty.seen.poll(5, TimeUnit.SECONDS));
        session.getBasicRemote().sendObject(new Greeting("ada"));
        assertEquals("text greeting:ada", events.poll(10, TimeUnit.SECONDS));
        session.close();
        assertEquals("close 1000", events.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void anAnnotatedClassIsInstantiatedByTheContainer() throws Exception {
        AnnotatedClient.CLASS_EVENTS.clear();
        Session session = container.connectToServer(AnnotatedClient.class, jetty.uri("/echo"));
        assertEquals("open chat", AnnotatedClient.CLASS_EVENTS.poll(10, TimeUnit.SECONDS));
        session.getBasicRemote().sendText("by class");
        assertEquals("text by class", AnnotatedClient.CLASS_EVENTS.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void theContainerSettingsReachTheSession() throws Exception {
        container.setDefaultMaxSessionIdleTimeout(300);
        container.setDefaultMaxTextMessageBufferSize(1234);
        container.setDefaultMaxBinaryMessageBufferSize(5678);
        container.setAsyncSendTimeout(9_000);
        assertEquals(300, container.getDefaultMaxSessionIdleTimeout());
        assertEquals(1234, container.getDefaultMaxTextMessageBufferSize());
        assertEquals(5678, container.getDefaultMaxBinaryMessageBufferSize());
        assertEquals(9_000, container.getDefaultAsyncSendTimeout());

        Recorder recorder = new Recorder();
        Session session = container.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(),
                jetty.uri("/echo"));
        assertEquals(300, session.getMaxIdleTimeout());
        assertEquals(1234, session.getMaxTextMessageBufferSize());
        assertEquals(5678, session.getMaxBinaryMessageBufferSize());
        assertEquals(9_000, session.getAsyncRemote().getSendTimeout());
        assertEquals("open", recorder.next());
        assertTrue(recorder.next().startsWith("close "), "the idle timeout closes the session");
        assertEquals("jetty closed 1001", jetty.closes.poll(5, TimeUnit.SECONDS), "the server hears going away");
    }

    @Test
    void shutdownClosesTheContainersSessionsWithGoingAway() throws Exception {
        Recorder recorder = new Recorder();
        Session session = container.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(),
                jetty.uri("/echo"));
        assertEquals("open", recorder.next());
        container.shutdown();
        assertEquals("close 1001", recorder.next());
        assertEquals("jetty closed 1001", jetty.closes.poll(5, TimeUnit.SECONDS));
        assertTrue(!session.isOpen());
    }

    @Test
    void connectsThroughAnHttpProxy() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy()) {
            Recorder recorder = new Recorder();
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.PROXY, "127.0.0.1:" + proxy.port());
            Session session = container.connectToServer(recorder, config, jetty.uri("/echo"));
            session.getBasicRemote().sendText("via proxy");
            assertEquals("open", recorder.next());
            assertEquals("text via proxy", recorder.next());
            assertEquals("CONNECT 127.0.0.1:" + jetty.uri("/").getPort() + " HTTP/1.1", proxy.connectLine);
        }
    }

    @Test
    void speaksTlsWithASelfSignedCertificateAndChecksTheHostName() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.localhost();
        try (JettyPeer tls = new JettyPeer(certificate.keystore, SelfSignedCertificate.PASSWORD)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.SSL_CONTEXT, certificate.trustingClientContext());
            Recorder recorder = new Recorder();
            Session session = container.connectToServer(recorder, config, tls.uri("localhost", "/echo"));
            assertTrue(session.isSecure());
            session.getBasicRemote().sendText("secret hello");
            assertEquals("open", recorder.next());
            assertEquals("text secret hello", recorder.next());
            session.getBasicRemote().sendBinary(ByteBuffer.allocate(60_000));
            assertEquals("binary 60000", recorder.next());

            // The certificate names localhost only: by IP address the name check must fail.
            DeploymentException wrongName = assertThrows(DeploymentException.class,
                    () -> container.connectToServer(new Recorder(), config, tls.uri("127.0.0.1", "/echo")));
            assertTrue(wrongName.getMessage().startsWith("TLS with wss://127.0.0.1"), wrongName.getMessage());
            assertTrue(wrongName.getMessage().contains("127.0.0.1"), wrongName.getMessage());

            // Without the trusting context, the JVM's default trust store knows nothing of it.
            DeploymentException untrusted = assertThrows(DeploymentException.class, () -> container.connectToServer(
                    new Recorder(), ClientEndpointConfig.Builder.create().build(), tls.uri("localhost", "/echo")));
            assertTrue(untrusted.getMessage().startsWith("TLS with"), untrusted.getMessage());

            // With the name check turned off, the same address is accepted.
            ClientEndpointConfig lax = ClientEndpointConfig.Builder.create().build();
            lax.getUserProperties().put(ClientProperties.SSL_CONTEXT, certificate.trustingClientContext());
            lax.getUserProperties().put(ClientProperties.HOSTNAME_VERIFICATION, false);
            Recorder laxRecorder = new Recorder();
            Session byAddress = container.connectToServer(laxRecorder, lax, tls.uri("127.0.0.1", "/echo"));
            byAddress.getBasicRemote().sendText("by address");
            assertEquals("open", laxRecorder.next());
            assertEquals("text by address", laxRecorder.next());
        }
    }

    @Test
    void itsThreadsDoNotKeepTheJvmAlive() throws Exception {
        Recorder recorder = new Recorder();
        container.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(), jetty.uri("/echo"));
        assertEquals("open", recorder.next());
        long ours = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("wsengine-client-")) {
                ours++;
                assertTrue(t.isDaemon(), t.getName() + " is not a daemon thread");
            }
        }
        assertTrue(ours >= 2, "expected the selector and a worker thread, saw " + ours);
    }

    @Test
    void containersFromTheProviderShareOneSelectorThread() throws Exception {
        List<Session> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Recorder recorder = new Recorder();
            sessions.add(ContainerProvider.getWebSocketContainer().connectToServer(recorder,
                    ClientEndpointConfig.Builder.create().build(), jetty.uri("/echo")));
            assertEquals("open", recorder.next());
        }
        long selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("wsengine-client-selector")).count();
        assertEquals(1, selectors);
        for (Session session : sessions) {
            session.close();
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
                connectLine = HttpHead.read(client.getInputStream()).startLine();
                String[] target = connectLine.split(" ")[1].split(":");
                try (Socket upstream = new Socket(target[0], Integer.parseInt(target[1]))) {
                    client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes());
                    Thread pump = new Thread(() -> copy(upstream, client), "connect-proxy-pump");
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
