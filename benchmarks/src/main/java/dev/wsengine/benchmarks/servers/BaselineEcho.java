package dev.wsengine.benchmarks.servers;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Not a server under test: a baseline for the latency figure. The least a WebSocket echo can be —
 * a blocking thread per connection, no framework, no pools, no extensions — so that its latency
 * in the same run shows what the machine (scheduler, wake-ups of an idle core) does to the
 * simplest design. It answers only what the latency figure sends: an upgrade,
 * masked frames of up to 64 KiB, and Close.
 */
public final class BaselineEcho {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 8 * 1024;
    private static final int MAX_PAYLOAD = 64 * 1024;

    private BaselineEcho() {
    }

    public static void main(String[] args) throws IOException {
        int port = Launch.port(args);
        try (ServerSocket listener = new ServerSocket(port, 200, InetAddress.getByName(Launch.HOST))) {
            Launch.ready("baseline", port);
            while (true) {
                Socket socket = listener.accept();
                Thread t = new Thread(() -> serve(socket), "baseline-" + socket.getPort());
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            out.write(upgradeResponse(readHead(in)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            echoFrames(in, out);
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            if (head.length() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    private static String upgradeResponse(String head) throws IOException {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + accept(line.substring(colon + 1).trim()) + "\r\n\r\n";
            }
        }
        throw new IOException("no Sec-WebSocket-Key");
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** Unmasks each frame and writes it back unmasked, header and payload in one write; ends after echoing a Close. */
    private static void echoFrames(DataInputStream in, OutputStream out) throws IOException {
        byte[] frame = new byte[4 + MAX_PAYLOAD];
        byte[] mask = new byte[4];
        while (true) {
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                throw new IOException("frames over 64 KiB are not part of the latency figure");
            }
            in.readFully(mask);
            int header = length < 126 ? 2 : 4;
            in.readFully(frame, header, length);
            for (int i = 0; i < length; i++) {
                frame[header + i] ^= mask[i & 3];
            }
            frame[0] = (byte) first;
            if (header == 2) {
                frame[1] = (byte) length;
            } else {
                frame[1] = 126;
                frame[2] = (byte) (length >>> 8);
                frame[3] = (byte) length;
            }
            out.write(frame, 0, header + length);
            out.flush();
            if ((first & 0x0F) == 0x8) {
                return;
            }
        }
    }
}
