package dev.wsengine.client;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Jetty 12.1's own WebSocket server (its native API, in test scope only): an echo at
 * {@code /echo} that also picks the subprotocol "chat" when offered and notes request headers and
 * close codes in {@link #seen}.
 */
final class JettyPeer implements AutoCloseable {

    /** Request headers the tests look for, one "name: value" per handshake. */
    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    /** "jetty closed CODE" per session the server saw close. */
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final Server server = new Server();
    private final ServerConnector connector;
    private final boolean tls;

    JettyPeer(Path keystore, String password) throws Exception {
        tls = keystore != null;
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toString());
            ssl.setKeyStorePassword(password);
            // Jetty refuses (400) a request whose Host the certificate does not name; the tests
            // reach it by IP address on purpose, to exercise the client's own name check.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            HttpConfiguration http = new HttpConfiguration();
            http.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/echo",
                (request, response, callback) -> {
                    seen.add("X-Test: " + request.getHeaders().get("X-Test"));
                    if (request.getSubProtocols().contains("chat")) {
                        response.setAcceptedSubProtocol("chat");
                    }
                    return new Echo(closes);
                })));
        server.start();
    }

    JettyPeer() throws Exception {
        this(null, null);
    }

    URI uri(String host, String path) {
        return URI.create((tls ? "wss" : "ws") + "://" + host + ":" + connector.getLocalPort() + path);
    }

    URI uri(String path) {
        return uri("127.0.0.1", path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Echoes every message whole. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private final BlockingQueue<String> seen;
        private Session session;

        Echo(BlockingQueue<String> seen) {
            this.seen = seen;
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            seen.add("jetty closed " + statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            session.sendBinary(copy, Callback.NOOP);
        }
    }
}
