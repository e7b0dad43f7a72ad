package dev.wsengine.benchmarks.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The client's opening handshake (RFC 6455 section 4.1), written and checked by hand. */
public final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String key;
    private final ByteBuffer request;

    public Handshake(String hostPort, String path) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        key = Base64.getEncoder().encodeToString(nonce);
        String text = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostPort + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        request = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The request bytes, ready to write. */
    public ByteBuffer request() {
        return request;
    }

    /** The Sec-WebSocket-Accept value a server must answer {@code key} with. */
    public static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** Index just past the blank line ending the response head in {@code bytes[0, length)}, or -1. */
    public static int headEnd(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Throws unless {@code head} is a 101 answer carrying the right accept value. */
    public void check(String head) {
        if (!head.startsWith("HTTP/1.1 101")) {
            int eol = head.indexOf('\r');
            throw new IllegalStateException("handshake refused: " + (eol > 0 ? head.substring(0, eol) : head));
        }
        String expected = acceptFor(key);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                if (line.substring(colon + 1).trim().equals(expected)) {
                    return;
                }
                throw new IllegalStateException("wrong Sec-WebSocket-Accept: " + line);
            }
        }
        throw new IllegalStateException("no Sec-WebSocket-Accept in " + head);
    }
}
