package dev.wsengine.bridge;

import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a {@link RawSocket} that has sent its handshake, for handshakes and frames
 * no well-behaved client sends. It writes and reads frames through {@link RawFrame}, not the
 * engine's framing classes, so what it checks is the wire, not our parser agreeing with our writer.
 */
final class RawClient implements AutoCloseable {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final RawSocket socket;

    private RawClient(RawSocket socket, int status) {
        this.socket = socket;
        this.status = status;
    }

    /** Sends a handshake with the given header lines (name: value) and reads the response head. */
    static RawClient handshake(URI uri, String method, String... headerLines) throws IOException {
        return handshake(uri, method, new byte[0], headerLines);
    }

    private static RawClient handshake(URI uri, String method, byte[] early, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + uri.getRawPath()
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "") + " HTTP/1.1\r\n");
        request.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        RawSocket socket = RawSocket.connect(uri.getPort());
        socket.sendRaw(request.toString(), early);
        HttpHead head = socket.readHead();
        RawClient client = new RawClient(socket, head.status());
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
        socket.send(bytes);
    }

    /** A correctly masked client frame, with a fresh random mask key. */
    static byte[] clientFrame(int opcode, boolean fin, byte[] payload) {
        return RawFrame.of(opcode).fin(fin).mask(ThreadLocalRandom.current().nextInt()).payload(payload).bytes();
    }

    /** The next frame from the server, which must be unmasked. */
    RawFrame.Received readFrame() throws IOException {
        RawFrame.Received frame = RawFrame.read(socket.input(), Integer.MAX_VALUE - 8);
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

    /** True when the server closed the TCP connection (end of stream or reset) within the socket's timeout. */
    boolean serverClosesConnection() throws IOException {
        return socket.closedByPeerWithin(RawSocket.TIMEOUT_MS);
    }

    /** True when the server closed the TCP connection (end of stream or reset) within {@code millis}. */
    boolean serverClosesConnectionWithin(int millis) throws IOException {
        return socket.closedByPeerWithin(millis);
    }

    /**
     * True when the server's end of stream (a FIN) arrives within {@code millis}, false when the
     * connection is still open then; a reset fails: it can destroy frames not read yet.
     */
    boolean serverSendsFinWithin(int millis) throws IOException {
        socket.timeout(millis);
        try {
            while (socket.input().read() >= 0) {
                // what the server sent before its end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            throw new AssertionError("The server reset the connection instead of closing it with a FIN", reset);
        } finally {
            socket.timeout(RawSocket.TIMEOUT_MS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
