package dev.wsengine.bridge;

import dev.wsengine.testsupport.HttpHead;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A plain TCP client that speaks HTTP/1.1 by hand, for what a well-behaved client would never send. */
final class RawSocket implements AutoCloseable {

    static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawSocket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return new RawSocket(socket);
    }

    /** Sends {@code request} (a full head ending in an empty line) plus {@code extra} bytes in one write. */
    void sendRaw(String request, byte[] extra) throws IOException {
        byte[] head = request.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        out.write(all);
        out.flush();
    }

    /** A WebSocket opening handshake request for {@code path} with the usual headers plus {@code extraHeaders}. */
    static String webSocketRequest(String path, int port, String... extraHeaders) {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        boolean hasKey = false;
        boolean hasVersion = false;
        for (String header : extraHeaders) {
            String lower = header.toLowerCase(Locale.ROOT);
            hasKey |= lower.startsWith("sec-websocket-key:");
            hasVersion |= lower.startsWith("sec-websocket-version:");
        }
        request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        if (!hasKey) {
            request.append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        }
        if (!hasVersion) {
            request.append("Sec-WebSocket-Version: 13\r\n");
        }
        for (String header : extraHeaders) {
            if (!header.isEmpty() && !header.endsWith(": <omit>")) {
                request.append(header).append("\r\n");
            }
        }
        return request.append("\r\n").toString();
    }

    /** Reads a response head up to and including the empty line; the body, if any, stays unread. */
    HttpHead readHead() throws IOException {
        return HttpHead.read(in);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("Got " + bytes.length + " of " + n + " bytes before the end of the stream");
        }
        return bytes;
    }

    /** Reads until the peer closes; fails if it does not within the timeout. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** True when the peer closed the connection (end of stream or reset) before {@code timeoutMs}. */
    boolean closedByPeerWithin(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (in.read() >= 0) {
                // discard what comes before the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MS);
        }
    }

    InputStream input() {
        return in;
    }

    /** Drops the connection at once, with an RST and no closing handshake, as a crashed client would. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
