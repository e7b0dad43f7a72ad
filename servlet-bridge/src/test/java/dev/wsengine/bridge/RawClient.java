package dev.wsengine.bridge;

import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawFrame;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for handshakes and frames no well-behaved client sends. It
 * writes and reads frames through {@link RawFrame}, not the engine's framing classes, so what it
 * checks is the wire, not our parser agreeing with our writer.
 */
final class RawClient implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    final Socket socket;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final InputStream in;

    private RawClient(Socket socket, int status, InputStream in) {
        this.socket = socket;
        this.status = status;
        this.in = in;
    }

    /** Sends a handshake with the given header lines (name: value) and reads the response head. */
    static RawClient handshake(URI uri, String method, String... headerLines) throws IOException {
        return handshake(uri, method, new byte[0], headerLines);
    }

    private static RawClient handshake(URI uri, String method, byte[] early, String... headerLines) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder(method + " " + uri.getRawPath()
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "") + " HTTP/1.1\r\n");
        request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(early);
        socket.getOutputStream().write(bytes.toByteArray());
        InputStream in = socket.getInputStream();
        HttpHead head = HttpHead.read(in);
        RawClient client = new RawClient(socket, head.status(), in);
        head.fields().forEach(f -> client.headers.put(f.getKey().toLowerCase(), f.getValue()));
        return client;
    }

    /** A handshake followed, in the same write, by the first frame: a client that does not wait for the 101. */
    static RawClient upgradeWithEarlyData(URI uri, byte[] early) throws IOException {
        return handshake(uri, "GET", early, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    }

    static RawClient upgrade(URI uri) throws IOException {
        return handshake(uri, "GET", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13");
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** A correctly masked client frame, with a fresh random mask key. */
    static byte[] clientFrame(int opcode, boolean fin, byte[] payload) {
        return RawFrame.of(opcode).fin(fin).mask(ThreadLocalRandom.current().nextInt()).payload(payload).bytes();
    }

    /** The next frame from the server, which must be unmasked. */
    private RawFrame.Received readFrame() throws IOException {
        RawFrame.Received frame = RawFrame.read(in, Integer.MAX_VALUE - 8);
        if (frame.masked()) {
            throw new AssertionError("A masked frame from the server, opcode " + frame.opcode());
        }
        return frame;
    }

    /** Reads the first text message the server sends (its fragments joined); control frames are skipped. */
    String readText() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        while (true) {
            RawFrame.Received frame;
            try {
                frame = readFrame();
            } catch (EOFException e) {
                throw new IOException("Connection closed before a text frame arrived", e);
            }
            if (frame.opcode() < RawFrame.CLOSE) {
                text.writeBytes(frame.payload());
                if (frame.fin()) {
                    return text.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }

    /** Reads frames until a Close arrives or the connection ends; returns the close code (1006 for none). */
    int readUntilClose() throws IOException {
        try {
            while (true) {
                RawFrame.Received frame = readFrame();
                if (frame.opcode() == RawFrame.CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (EOFException ended) {
            return 1006;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No Close frame within the socket timeout");
        }
    }

    /** True when the server closed the TCP connection (read returns -1) within the timeout. */
    boolean serverClosesConnection() throws IOException {
        try {
            byte[] buffer = new byte[1024];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
