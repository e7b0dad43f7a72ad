package dev.wsengine.samples;

import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo server as a user meets it, through the JDK's WebSocket client. */
class SampleServerIT {

    private SampleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SampleServer("127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /** Collects whole messages and the close code. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                received.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            received.add(statusCode);
            return null;
        }

        Object next() throws InterruptedException {
            Object o = received.poll(30, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("Nothing received within 30 s");
            }
            return o;
        }
    }

    private WebSocket connect(Collector collector) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), collector)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesTextAndA16MiBBinaryMessage() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector);
        ws.sendText("hello, echo", true).get(10, TimeUnit.SECONDS);
        assertEquals("hello, echo", collector.next());
        byte[] big = new byte[EchoEndpoint.MAX_MESSAGE];
        new Random(16).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
        assertArrayEquals(big, (byte[]) collector.next());
    }

    /**
     * The server answers an over-limit frame at its header, before the payload. A raw socket sends
     * the header alone, so nothing but the engine's check is tested here.
     */
    @Test
    void aMessageOverTheLimitClosesWith1009AtItsHeader() throws Exception {
        try (RawSocket socket = RawSocket.connect(server.port())) {
            socket.sendRaw(RawSocket.webSocketRequest("/echo", server.port()), new byte[0]);
            assertEquals(101, socket.readHead().status());
            long oversized = EchoEndpoint.MAX_MESSAGE + 1L;
            socket.send(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 0, 0, (byte) (oversized >>> 24),
                    (byte) (oversized >>> 16), (byte) (oversized >>> 8), (byte) oversized, 1, 2, 3, 4});
            RawFrame.Received close = RawFrame.read(socket.input(), 125);
            assertEquals(RawFrame.CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
        }
    }

    /**
     * The JDK's client still writing the payload when the 1009 comes: the server shuts its side
     * and drops what still arrives instead of closing on unread bytes (a reset would lose the
     * Close), so the client reads its 1009.
     */
    @Test
    void aClientStillWritingAnOverLimitMessageReadsThe1009() throws Exception {
        Collector collector = new Collector();
        WebSocket ws = connect(collector);
        ws.sendBinary(ByteBuffer.allocate(EchoEndpoint.MAX_MESSAGE + 1), true); // may fail: the server closed
        assertEquals(1009, collector.next());
    }

    @Test
    void stoppingTheServerClosesSessionsWith1001() throws Exception {
        Collector collector = new Collector();
        connect(collector);
        server.stop();
        assertEquals(1001, collector.next());
    }

    @Test
    void readsThePortFromArgumentsThenTheEnvironment() {
        assertEquals(9000, SampleServer.port(new String[] {"--port", "9000"}));
    }
}
