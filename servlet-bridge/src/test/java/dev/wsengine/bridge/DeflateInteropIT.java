package dev.wsengine.bridge;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * permessage-deflate between our server, on both containers, and Jetty 12.1's own WebSocket client
 * (test scope only): Jetty compresses what it sends and inflates our answers, so a wrong bit on
 * either side fails the exchange.
 */
class DeflateInteropIT {

    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();
    private static WebSocketClient jetty;

    @BeforeAll
    static void startClient() throws Exception {
        jetty = new WebSocketClient();
        jetty.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        jetty.stop();
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
    }

    private static EmbeddedServer server(String container) throws Exception {
        EmbeddedServer server = SERVERS.get(container);
        if (server == null) {
            server = EmbeddedServer.start(container, TestEndpoints.Echo.class);
            SERVERS.put(container, server);
        }
        return server;
    }

    private static Listener connect(String container, String offer) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (offer != null) {
            request.addExtensions(offer);
        }
        Listener listener = new Listener();
        jetty.connect(listener, server(container).ws("/echo"), request).get(10, TimeUnit.SECONDS);
        return listener;
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void echoesCompressedMessagesWithJettysClient(String container) throws Exception {
        Listener client = connect(container, "permessage-deflate");
        assertEquals(List.of("permessage-deflate"), client.session.getUpgradeResponse().getExtensions().stream()
                .map(ExtensionConfig::getName).toList());
        String text = "{\"symbol\":\"ACME\",\"price\":123.45} ".repeat(1_500); // under the 64 KiB Jetty's client accepts
        for (int i = 0; i < 3; i++) {
            client.session.sendText(text, Callback.NOOP);
            String echo = client.next();
            assertTrue(text.equals(echo), () -> "echo differs: " + echo.substring(0, Math.min(200, echo.length())));
        }
        byte[] random = new byte[60_000];
        new Random(7).nextBytes(random);
        client.session.sendBinary(ByteBuffer.wrap(random), Callback.NOOP);
        assertArrayEquals(random, client.nextBinary());
        client.session.close(1000, "done", Callback.NOOP);
        assertEquals("close 1000", client.next());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void agreesToNoContextTakeoverWhenTheClientAsks(String container) throws Exception {
        Listener client = connect(container,
                "permessage-deflate; client_no_context_takeover; server_no_context_takeover");
        ExtensionConfig agreed = client.session.getUpgradeResponse().getExtensions().get(0);
        assertEquals("permessage-deflate", agreed.getName());
        assertTrue(agreed.getParameters().containsKey("server_no_context_takeover"), agreed.toString());
        assertTrue(agreed.getParameters().containsKey("client_no_context_takeover"), agreed.toString());
        for (int i = 0; i < 3; i++) {
            String text = "message " + i + " ".repeat(500);
            client.session.sendText(text, Callback.NOOP);
            assertEquals(text, client.next());
        }
        client.session.close(1000, "done", Callback.NOOP);
        assertEquals("close 1000", client.next());
    }

    /**
     * A small server window, which the JDK's 32 KiB Deflater cannot honour by itself: we agree to
     * it and compress only messages that fit the window, each from a fresh stream (RFC 7692 7.1.2.1);
     * longer ones go uncompressed. Jetty's own client reads messages below, at and past 2^10 bytes.
     * (Its inflater, the JDK's, cannot be held to a small window, so the bound itself is checked in
     * api-impl's MessageDeflaterTest.)
     */
    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void agreesToASmallServerWindowAndStaysWithinIt(String container) throws Exception {
        Listener client = connect(container, "permessage-deflate; server_max_window_bits=10");
        assertEquals(1, client.session.getUpgradeResponse().getExtensions().size());
        ExtensionConfig agreed = client.session.getUpgradeResponse().getExtensions().get(0);
        assertEquals("permessage-deflate", agreed.getName());
        assertEquals(Map.of("server_max_window_bits", "10"), agreed.getParameters());
        for (String message : List.of("plain", "x".repeat(1024), "window ".repeat(300), "y".repeat(1024))) {
            client.session.sendText(message, Callback.NOOP);
            assertEquals(message, client.next());
        }
        client.session.close(1000, "done", Callback.NOOP);
        assertEquals("close 1000", client.next());
    }

    /** Jetty's side of the connection: every message and the close, in order. */
    public static final class Listener implements Session.Listener.AutoDemanding {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            events.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] copy = new byte[payload.remaining()];
            payload.get(copy);
            callback.succeed();
            events.add(copy);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            events.add("close " + statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            events.add("error " + cause);
        }

        Object nextEvent() throws InterruptedException {
            Object e = events.poll(10, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("No event from Jetty's client within 10 s");
            }
            return e;
        }

        String next() throws InterruptedException {
            return String.valueOf(nextEvent());
        }

        byte[] nextBinary() throws InterruptedException {
            Object e = nextEvent();
            if (!(e instanceof byte[] b)) {
                throw new AssertionError("expected a binary message, got " + e);
            }
            return b;
        }
    }
}
