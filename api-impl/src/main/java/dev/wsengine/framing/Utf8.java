package dev.wsengine.framing;

import java.nio.ByteBuffer;

/** Whole-buffer and whole-String UTF-8 checks, for close reasons and other small payloads. */
public final class Utf8 {

    private Utf8() {
    }

    /** True when the remaining bytes are complete, valid UTF-8. The buffer's position does not move. */
    public static boolean isValid(ByteBuffer bytes) {
        Utf8Decoder decoder = new Utf8Decoder();
        try {
            decoder.decode(bytes.duplicate(), new StringBuilder(bytes.remaining()));
            decoder.finish();
            return true;
        } catch (ProtocolViolation e) {
            return false;
        }
    }

    /** True when every char of {@code text} is below 0x80, so that its UTF-8 form is one byte per char. */
    public static boolean isAscii(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
