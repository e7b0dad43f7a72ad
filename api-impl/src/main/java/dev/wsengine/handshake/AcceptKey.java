package dev.wsengine.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** The {@code Sec-WebSocket-Key} / {@code Sec-WebSocket-Accept} pair of RFC 6455 section 4. */
public final class AcceptKey {

    /** The GUID RFC 6455 appends to the client's key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Looking a digest up by name costs more than the digest of a key: one per thread, reused (digest() resets it). */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(AcceptKey::newSha1);

    private AcceptKey() {
    }

    /** The {@code Sec-WebSocket-Accept} value that answers {@code secWebSocketKey}: base64(SHA-1(key + GUID)). */
    public static String forKey(String secWebSocketKey) {
        MessageDigest sha1 = SHA1.get();
        byte[] digest = sha1.digest((secWebSocketKey + GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (MessageDigest javadoc), so this cannot happen.
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** A fresh client nonce: 16 random bytes, base64-encoded (24 characters). */
    public static String newClientKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * True when {@code key} is a well-formed {@code Sec-WebSocket-Key}: canonical base64 (24
     * characters, padded) of exactly 16 bytes, surrounding whitespace aside.
     */
    public static boolean isWellFormed(String key) {
        if (key == null) {
            return false;
        }
        String trimmed = key.strip();
        // 16 bytes are five whole 3-byte groups and one byte: 22 base64 characters and "==".
        // Checked by hand because decoding allocates, and this runs for every handshake.
        if (trimmed.length() != 24 || trimmed.charAt(22) != '=' || trimmed.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            if (!isBase64Char(trimmed.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
    }
}
