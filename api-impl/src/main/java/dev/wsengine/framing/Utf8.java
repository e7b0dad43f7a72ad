package dev.wsengine.framing;

import java.nio.ByteBuffer;

/** Whole-buffer UTF-8 checks, for close reasons and other small payloads. */
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
}
