package dev.wsengine.bridge;

import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peer limits and keepalive against a real server, from a raw socket, on Jetty, Tomcat and
 * Undertow; every setting comes from context init parameters, as web.xml would give them.
 */
class PeerLimitsIT {

    private static final int KEEP_ALIVE_MS = 300;
    private static final int MAX_HEADERS = 30;
    private static final int MAX_HEADER_BYTES = 2048;
    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();

    /** Takes binary messages in parts, so that no message size limit applies: only the ratio can refuse. */
    @ServerEndpoint("/sink")
    public static class Sink {
        @OnMessage
        public void part(ByteBuffer part, boolean last) {
        }
    }

    private static EmbeddedServer server(String container) throws Exception {
        EmbeddedServer server = SERVERS.get(container);
        if (server == null) {
            server = EmbeddedServer.Kind.valueOf(container.toUpperCase(Locale.ROOT)).create()
                    .withInitParameter("dev.wsengine.keepAliveIntervalMs", String.valueOf(KEEP_ALIVE_MS))
                    .withInitParameter("dev.wsengine.keepAliveTimeoutMs", String.valueOf(KEEP_ALIVE_MS))
                    .withInitParameter("dev.wsengine.maxHandshakeHeaders", String.valueOf(MAX_HEADERS))
                    .withInitParameter("dev.wsengine.maxHandshakeHeaderBytes", String.valueOf(MAX_HEADER_BYTES))
                    .with(new WsServletContainerInitializer(), TestEndpoints.Echo.class, Sink.class)
                    .withPlainServlet()
                    .start();
            SERVERS.put(container, server);
        }
        return server;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
    }

    private static RawSocket upgraded(EmbeddedServer server, String path, String... headers) throws IOException {
        RawSocket socket = RawSocket.connect(server.port());
        socket.sendRaw(RawSocket.webSocketRequest(EmbeddedServer.CONTEXT + path, server.port(), headers), new byte[0]);
        HttpHead head = socket.readHead();
        assertEquals(101, head.status(), head.text());
        return socket;
    }

    /** The next frame the server sends that is not a keepalive Ping. */
    private static RawFrame.Received nextNotPing(RawSocket socket) throws IOException {
        while (true) {
            RawFrame.Received frame = RawFrame.read(socket.input(), 1 << 16);
            if (frame.opcode() != RawFrame.PING) {
                return frame;
            }
        }
    }

    private static void assertClosedWith(RawSocket socket, int code, String reasonPart) throws IOException {
        RawFrame.Received close = nextNotPing(socket);
        assertEquals(RawFrame.CLOSE, close.opcode());
        assertEquals(code, close.closeCode());
        assertTrue(close.text().contains(reasonPart), close.text());
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void pingsASilentPeerThenClosesItWithACloseFrameThenFin(String container) throws Exception {
        try (RawSocket socket = upgraded(server(container), "/echo")) {
            RawFrame.Received ping = RawFrame.read(socket.input(), 125);
            assertEquals(RawFrame.PING, ping.opcode());
            assertEquals(0, ping.payload().length);
            // No answer: after the keepalive timeout the server says why and lets TCP go.
            RawFrame.Received close = RawFrame.read(socket.input(), 125);
            assertEquals(RawFrame.CLOSE, close.opcode());
            assertEquals(1001, close.closeCode());
            assertTrue(close.text().contains("No answer to a Ping"), close.text());
            assertEquals(-1, socket.input().read(), "FIN after the Close (a reset would throw)");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aPeerThatAnswersPingsStaysConnected(String container) throws Exception {
        try (RawSocket socket = upgraded(server(container), "/echo")) {
            for (int i = 0; i < 3; i++) {
                RawFrame.Received ping = RawFrame.read(socket.input(), 125);
                assertEquals(RawFrame.PING, ping.opcode());
                socket.send(RawFrame.of(RawFrame.PONG).payload(ping.payload()).bytes());
            }
            socket.send(RawFrame.of(RawFrame.TEXT).payload("still here").bytes());
            assertEquals("still here", nextNotPing(socket).text());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void refusesTheFragmentBeyondTheLimitWith1009BeforeTheMessageEnds(String container) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.write(RawFrame.of(RawFrame.TEXT).fin(false).payload("x").bytes());
        byte[] continuation = RawFrame.of(RawFrame.CONTINUATION).fin(false).payload("x").bytes();
        for (int i = 0; i < 100_000; i++) {
            frames.write(continuation); // the 100,001st frame of the message, none with FIN
        }
        try (RawSocket socket = upgraded(server(container), "/echo")) {
            socket.send(frames.toByteArray());
            assertClosedWith(socket, 1009, "maxFragmentsPerMessage");
            assertEquals(-1, socket.input().read(), "TCP goes after the Close");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void refusesACompressedMessageBeyondTheInflationRatioWith1009(String container) throws Exception {
        try (RawSocket socket = upgraded(server(container), "/sink", "Sec-WebSocket-Extensions: permessage-deflate")) {
            byte[] bomb = deflate(new byte[4 << 20]);
            assertTrue(bomb.length < 8192, "4 MiB of zeros deflate to " + bomb.length + " bytes");
            socket.send(RawFrame.of(RawFrame.BINARY).rsv(4).payload(bomb).bytes());
            assertClosedWith(socket, 1009, "maxInflationRatio");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void answersAnUpgradeWithTooManyHeadersWith431(String container) throws Exception {
        EmbeddedServer server = server(container);
        String[] headers = new String[MAX_HEADERS];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-Extra-" + i + ": " + i;
        }
        try (RawSocket socket = RawSocket.connect(server.port())) {
            socket.sendRaw(RawSocket.webSocketRequest(EmbeddedServer.CONTEXT + "/echo", server.port(), headers),
                    new byte[0]);
            assertEquals(431, socket.readHead().status());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void answersAnUpgradeWithTooManyHeaderBytesWith431(String container) throws Exception {
        EmbeddedServer server = server(container);
        char[] cookie = new char[MAX_HEADER_BYTES];
        Arrays.fill(cookie, 'c');
        try (RawSocket socket = RawSocket.connect(server.port())) {
            socket.sendRaw(RawSocket.webSocketRequest(EmbeddedServer.CONTEXT + "/echo", server.port(),
                    "Cookie: " + new String(cookie)), new byte[0]);
            assertEquals(431, socket.readHead().status());
        }
    }

    /** RFC 7692 section 7.2.1: a sync-flushed raw DEFLATE stream without its last four octets. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
