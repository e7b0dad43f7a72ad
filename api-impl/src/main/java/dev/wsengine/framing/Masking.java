package dev.wsengine.framing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 section 5.3, eight bytes at a time: on the hot path of every
 * client-to-server byte, so a byte loop would cost several times the memory bandwidth.
 */
public final class Masking {

    private Masking() {
    }

    /**
     * XORs bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code buf} in place with
     * the masking key, starting at key byte {@code phase} (0–3), and returns the phase for the
     * byte after {@code to}. Masking and unmasking are the same operation. The buffer's position
     * and limit are not used or changed.
     */
    public static int mask(ByteBuffer buf, int from, int to, int maskKey, int phase) {
        // Rotate the key so that its first byte is the one that applies at 'from'.
        int key = Integer.rotateLeft(maskKey, 8 * phase);
        int i = from;
        if (to - from >= 8) {
            long wide = ((long) key << 32) | (key & 0xFFFF_FFFFL);
            if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
                wide = Long.reverseBytes(wide);
            }
            int wideEnd = to - 7;
            for (; i < wideEnd; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ wide);
            }
        }
        for (int k = 0; i < to; i++, k++) {
            buf.put(i, (byte) (buf.get(i) ^ (key >>> (24 - 8 * (k & 3)))));
        }
        return (phase + (to - from)) & 3;
    }
}
