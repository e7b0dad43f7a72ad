package dev.wsengine.bridge;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The endpoints the server tests deploy. */
final class TestEndpoints {

    /** What the endpoints saw, for tests to check from the outside. */
    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    private TestEndpoints() {
    }

    @ServerEndpoint(value = "/echo", subprotocols = {"chat", "superchat"})
    public static class Echo {
        @OnOpen
        public void open(Session session) {
            session.setMaxTextMessageBufferSize(1 << 20);
            session.setMaxBinaryMessageBufferSize(1 << 20);
        }

        @OnMessage
        public String text(String message) {
            return message;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer message) {
            return message;
        }

        @OnClose
        public void close(CloseReason reason) {
            EVENTS.add("echo closed " + reason.getCloseCode().getCode());
        }
    }

    @ServerEndpoint("/rooms/{room}/users/{user}")
    public static class Rooms {
        @OnOpen
        public void open(Session session, @PathParam("room") String room, @PathParam("user") int user) throws IOException {
            session.getBasicRemote().sendText(room + "/" + user + "?" + session.getQueryString()
                    + " open=" + session.getOpenSessions().size());
        }

        @OnMessage
        public void message(String text) {
        }
    }

    @ServerEndpoint("/rooms/lobby/users/{user}")
    public static class Lobby {
        @OnOpen
        public void open(Session session, @PathParam("user") String user) throws IOException {
            session.getBasicRemote().sendText("lobby " + user);
        }
    }

    /** Tells what the close looked like from the server side. */
    @ServerEndpoint("/watch")
    public static class Watch {
        @OnOpen
        public void open(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(16);
            EVENTS.add("watch open");
        }

        @OnMessage
        public void message(Session session, String text) throws IOException {
            if (text.equals("idle")) {
                session.setMaxIdleTimeout(200);
            }
            EVENTS.add("watch text " + text);
        }

        @OnError
        public void error(Throwable t) {
            EVENTS.add("watch error " + t.getClass().getSimpleName());
        }

        @OnClose
        public void close(CloseReason reason) {
            EVENTS.add("watch closed " + reason.getCloseCode().getCode());
        }
    }

    /** Refuses every origin but one. */
    public static class OriginCheck extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return "http://good.example".equals(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                                    jakarta.websocket.HandshakeResponse response) {
            response.getHeaders().put("X-Handshake", java.util.List.of("modified"));
        }
    }

    @ServerEndpoint(value = "/guarded", configurator = OriginCheck.class)
    public static class Guarded {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    /** Closes the session, normally, on any message: the server starts the close handshake. */
    @ServerEndpoint("/closer")
    public static class Closer {
        @OnMessage
        public void close(Session session, String why) throws IOException {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, why));
        }
    }

    /** Sends from many threads at once. */
    @ServerEndpoint("/burst")
    public static class Burst {
        @OnMessage
        public void burst(Session session, String count) throws InterruptedException {
            int n = Integer.parseInt(count);
            Thread[] threads = new Thread[8];
            for (int t = 0; t < threads.length; t++) {
                int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < n; i++) {
                        try {
                            session.getBasicRemote().sendText("t" + id + "-" + i);
                        } catch (IOException e) {
                            EVENTS.add("burst failed " + e);
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }
}
