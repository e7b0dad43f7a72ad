package dev.wsengine.tck.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 section 4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + GUID)). */
public final class AcceptKey {

    static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private AcceptKey() {
    }

    public static String of(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
    public static String newKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }
}
