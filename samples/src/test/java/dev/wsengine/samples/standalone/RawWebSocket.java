package dev.wsengine.samples.standalone;

import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;

/**
 * A WebSocket client on a {@link RawSocket}, with its own key and accept check: every byte on the
 * wire is ours, so a test can put a frame in the same TCP write as the handshake, send what no library
 * would (invalid UTF-8), and see exactly when the server closes TCP.
 */
final class RawWebSocket implements AutoCloseable {

    static final int TEXT = RawFrame.TEXT;
    static final int BINARY = RawFrame.BINARY;
    static final int CLOSE = RawFrame.CLOSE;

    /** One frame from the server: FIN set, unmasked, as a server must send it. */
    record Frame(int opcode, byte[] payload) {

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? -1 : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        }
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final RawSocket socket;
    private final Random random = new Random();
    private final String responseHead;

    private RawWebSocket(RawSocket socket, String responseHead) {
        this.socket = socket;
        this.responseHead = responseHead;
    }

    /**
     * Opens a connection: the GET with no Content-Length, followed in the same write by
     * {@code sameWrite} (already framed, may be empty), then reads the 101 response up to its blank
     * line and checks its Sec-WebSocket-Accept.
     */
    static RawWebSocket open(URI uri, byte[] sameWrite) throws Exception {
        RawSocket socket = RawSocket.connect(uri.getHost(), uri.getPort());
        byte[] key = new byte[16];
        new Random().nextBytes(key);
        String keyText = Base64.getEncoder().encodeToString(key);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + keyText + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        socket.sendRaw(request, sameWrite);
        String head = socket.readHead().text();
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new AssertionError("not a 101 from " + uri + ":\n" + head);
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((keyText + GUID).getBytes(StandardCharsets.US_ASCII)));
        if (!head.toLowerCase().contains("sec-websocket-accept: " + accept.toLowerCase())) {
            socket.close();
            throw new AssertionError("no Sec-WebSocket-Accept: " + accept + " in:\n" + head);
        }
        return new RawWebSocket(socket, head);
    }

    /** A masked client frame with FIN set. */
    static byte[] frame(int opcode, byte[] payload, Random random) {
        return RawFrame.of(opcode).mask(random.nextInt()).payload(payload).bytes();
    }

    static byte[] closePayload(int code) {
        return RawFrame.closePayload(code);
    }

    String responseHead() {
        return responseHead;
    }

    void send(int opcode, byte[] payload) throws IOException {
        socket.send(frame(opcode, payload, random));
    }

    /** The next frame; fails on a masked or fragmented one, which a server must not send here. */
    Frame read() throws IOException {
        RawFrame.Received frame = RawFrame.read(socket.input(), 64L << 20);
        if (!frame.fin()) {
            throw new AssertionError("a fragmented frame (FIN clear), opcode " + frame.opcode());
        }
        if (frame.masked()) {
            throw new AssertionError("a masked frame from the server");
        }
        return new Frame(frame.opcode(), frame.payload());
    }

    /**
     * Waits for the server to close TCP: the milliseconds from {@code since} (a
     * {@link System#nanoTime()}) until read returns -1, or an AssertionError naming what came
     * instead (bytes, a reset, or nothing within {@code limitMillis}).
     */
    long awaitEndOfStream(long since, int limitMillis) throws IOException {
        int left = (int) Math.max(1, limitMillis - (System.nanoTime() - since) / 1_000_000);
        socket.timeout(left);
        try {
            int b = socket.input().read();
            long millis = (System.nanoTime() - since) / 1_000_000;
            if (b != -1) {
                throw new AssertionError("a byte (" + b + ") after the close handshake instead of the end of the stream");
            }
            return millis;
        } catch (java.net.SocketTimeoutException silent) {
            throw new AssertionError("the server did not close TCP within " + limitMillis
                    + " ms of the close handshake (read did not return -1)");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
