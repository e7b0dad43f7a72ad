package dev.wsengine.client;

import org.eclipse.jetty.server.Server;
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
 * {@code /echo} that also picks the subprotocol "chat" when offered and notes request headers.
 */
final class JettyPeer implements AutoCloseable {

    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private final Server server = new Server();
    private final ServerConnector connector;
    private final boolean tls;

    JettyPeer(Path keystore, String password) throws Exception {
        tls = keystore != null;
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toString());
            ssl.setKeyStorePassword(password);
            connector = new ServerConnector(server, ssl);
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
                    return new Echo();
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
        private Session session;

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
