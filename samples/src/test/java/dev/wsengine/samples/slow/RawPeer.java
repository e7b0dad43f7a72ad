package dev.wsengine.samples.slow;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket, small enough to run a thousand of: handshake, one masked
 * frame out, frames in. It writes in 16 KiB pieces so that the JDK's per-thread direct copies on
 * the client side stay small next to the server's, which is what the load tests measure.
 */
final class RawPeer implements AutoCloseable {

    private static final int WRITE_PIECE = 16 * 1024;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the opening handshake; throws unless the answer is 101. */
    static RawPeer open(int port, String path, int timeoutMs) throws IOException {
        return open(port, path, timeoutMs, 0);
    }

    /**
     * As {@link #open(int, String, int)} with a receive buffer of {@code receiveBuffer} bytes (0:
     * the system's, which on loopback grows to megabytes): a small one makes a peer that does not
     * read look as it does across a network, where the bytes in flight are bounded by its window.
     */
    static RawPeer open(int port, String path, int timeoutMs, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        socket.setTcpNoDelay(true);
        RawPeer peer = new RawPeer(socket);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        peer.out.write(request.getBytes(StandardCharsets.US_ASCII));
        peer.out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = peer.in.read();
            if (b < 0) {
                throw new EOFException("Connection closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("Handshake refused: " + head);
        }
        return peer;
    }

    /** One masked frame (mask key 0, which leaves the payload as it is: cheap for a load test). */
    void sendFrame(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        byte[] header;
        if (n < 126) {
            header = new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | n), 0, 0, 0, 0};
        } else if (n < 65536) {
            header = new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | 126), (byte) (n >> 8), (byte) n, 0, 0, 0, 0};
        } else {
            header = new byte[14];
            header[0] = (byte) (0x80 | opcode);
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        out.write(header);
        for (int off = 0; off < n; off += WRITE_PIECE) {
            out.write(payload, off, Math.min(WRITE_PIECE, n - off));
        }
        out.flush();
    }

    /** One frame in: opcode and payload. */
    Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        long len = b1 & 0x7f;
        if (len == 126) {
            len = (readByte() << 8) | readByte();
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) {
                len = (len << 8) | readByte();
            }
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) {
            throw new EOFException("Connection closed inside a frame");
        }
        return new Frame(b0 & 0x0f, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /**
     * Reads until the connection ends: what a peer that never read finds once it does. Returns how
     * the conversation ended on the wire.
     */
    Ending drain() {
        long bytes = 0;
        int frames = 0;
        try {
            while (true) {
                Frame f = readFrame();
                frames++;
                bytes += f.payload.length;
                if (f.opcode == 0x8) {
                    int code = f.payload.length >= 2 ? ((f.payload[0] & 0xff) << 8) | (f.payload[1] & 0xff) : 1005;
                    String reason = f.payload.length > 2
                            ? new String(f.payload, 2, f.payload.length - 2, StandardCharsets.UTF_8) : "";
                    String after = afterClose();
                    return new Ending(frames, bytes, code, reason, after);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(frames, bytes, -1, "", "timeout");
        } catch (EOFException e) {
            return new Ending(frames, bytes, -1, "", "FIN");
        } catch (SocketException e) {
            return new Ending(frames, bytes, -1, "", "RST (" + e.getMessage() + ")");
        } catch (IOException e) {
            return new Ending(frames, bytes, -1, "", e.toString());
        }
    }

    /** After the server's Close: the end of the stream (FIN), a reset, or nothing. */
    private String afterClose() {
        try {
            return in.read() < 0 ? "FIN" : "more bytes";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "RST (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Frame(int opcode, byte[] payload) {
    }

    /** How a connection ended: frames and payload bytes read, the Close code (-1: none) and what followed. */
    record Ending(int frames, long payloadBytes, int closeCode, String reason, String tcp) {
        @Override
        public String toString() {
            return closeCode < 0 ? "no Close frame, " + tcp + " after " + frames + " frames"
                    : "Close " + closeCode + " \"" + reason + "\" then " + tcp + " after " + frames + " frames";
        }
    }
}
