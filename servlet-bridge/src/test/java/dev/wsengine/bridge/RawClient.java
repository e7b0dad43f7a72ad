package dev.wsengine.bridge;

import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.FrameParser;
import dev.wsengine.framing.FrameWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A WebSocket client on a bare socket, for handshakes and frames no well-behaved client sends. */
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
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        RawClient client = new RawClient(socket, Integer.parseInt(lines[0].split(" ")[1]), in);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            client.headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
        }
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

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** A correctly masked client frame. */
    static byte[] clientFrame(int opcode, boolean fin, byte[] payload) {
        FrameWriter writer = FrameWriter.forClient();
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.headerLength(payload.length, true) + payload.length);
        writer.writeFrame(out, opcode, fin, 0, ByteBuffer.wrap(payload));
        return out.array();
    }

    /** Reads the first text frame the server sends. */
    String readText() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean[] done = {false};
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean s, boolean e) {
                text.append(StandardCharsets.UTF_8.decode(payload));
                done[0] |= fin && e;
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
            }
        }, false, Long.MAX_VALUE);
        while (!done[0]) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed before a text frame arrived");
            }
            parser.parse(ByteBuffer.wrap(new byte[] {(byte) b}));
        }
        return text.toString();
    }

    /** Reads frames until a Close arrives or the connection ends; returns the close code (1006 for none). */
    int readUntilClose() throws IOException {
        int[] code = {1006};
        boolean[] closed = {false};
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean s, boolean e) {
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
                if (opcode == 0x8) {
                    code[0] = payload.remaining() >= 2 ? payload.getShort() & 0xFFFF : 1005;
                    closed[0] = true;
                }
            }
        }, false, Long.MAX_VALUE);
        byte[] buffer = new byte[8192];
        try {
            while (!closed[0]) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                parser.parse(ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No Close frame within the socket timeout");
        }
        return code[0];
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
