package dev.wsengine.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** The {@code Sec-WebSocket-Key} / {@code Sec-WebSocket-Accept} pair of RFC 6455 section 4. */
public final class AcceptKey {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AcceptKey() {
    }

    /** The accept value the server must answer for {@code key}: base64(SHA-1(key + GUID)). */
    public static String forKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-1", e);
        }
    }

    /** A fresh client key: 16 random bytes, base64. */
    public static String newClientKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** True when {@code key} is base64 that decodes to exactly 16 bytes. */
    public static boolean isWellFormed(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
