package dev.wsengine.testsupport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A plain TCP client that speaks HTTP/1.1 by hand, for what a well-behaved client would never send:
 * every byte on the wire is the test's, a frame can share the handshake's write, and the test sees
 * exactly when the server closes TCP. Reads time out after {@link #TIMEOUT_MS} unless told otherwise.
 */
public final class RawSocket implements AutoCloseable {

    public static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code port} on 127.0.0.1. */
    public static RawSocket connect(int port) throws IOException {
        return connect("127.0.0.1", port);
    }

    public static RawSocket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        return new RawSocket(socket);
    }

    /** Sends {@code request} (a full head ending in an empty line) plus {@code extra} bytes in one write. */
    public void sendRaw(String request, byte[] extra) throws IOException {
        byte[] head = request.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        out.write(all);
        out.flush();
    }

    /** A WebSocket opening handshake request for {@code path} with the usual headers plus {@code extraHeaders}. */
    public static String webSocketRequest(String path, int port, String... extraHeaders) {
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
    public HttpHead readHead() throws IOException {
        return HttpHead.read(in);
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("Got " + bytes.length + " of " + n + " bytes before the end of the stream");
        }
        return bytes;
    }

    /** Reads until the peer closes; fails if it does not within the timeout. */
    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** True when the peer closed the connection (end of stream or reset) before {@code timeoutMs}. */
    public boolean closedByPeerWithin(int timeoutMs) throws IOException {
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

    /** Sets how long a read waits for a byte; {@link #closedByPeerWithin} restores the default after it. */
    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public InputStream input() {
        return in;
    }

    /** Drops the connection at once, with an RST and no closing handshake, as a crashed client would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
