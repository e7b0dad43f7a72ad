package dev.wsengine.tck.conformance;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes frames as a client does (masked) or, for tests of the reader, as a server does (unmasked).
 * Nothing is checked: the point is to be able to put broken frames on the wire.
 */
public final class FrameEncoder {

    /** How the payload length is spelled: the shortest form, as RFC 6455 requires, or a longer one. */
    public enum LengthForm { MINIMAL, SIXTEEN_BIT, SIXTY_FOUR_BIT }

    private FrameEncoder() {
    }

    /** A masked client frame with a random mask, the length in its shortest form. */
    public static byte[] masked(WireFrame frame) {
        return encode(frame, randomMask(), LengthForm.MINIMAL);
    }

    /**
     * @param mask four bytes, or null for an unmasked frame
     */
    public static byte[] encode(WireFrame frame, byte[] mask, LengthForm form) {
        byte[] payload = frame.payload();
        byte[] head = header(frame.fin(), frame.rsv(), frame.opcode(), payload.length, mask, form);
        byte[] out = new byte[head.length + payload.length];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = 0; i < payload.length; i++) {
            out[head.length + i] = mask == null ? payload[i] : (byte) (payload[i] ^ mask[i & 3]);
        }
        return out;
    }

    /**
     * The header alone (with the masking key), announcing {@code length} payload bytes that may
     * never be sent: how a client asks for a too-large frame without sending it.
     */
    public static byte[] header(boolean fin, int rsv, int opcode, long length, byte[] mask, LengthForm form) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(14);
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = mask == null ? 0 : 0x80;
        LengthForm used = form;
        if (form == LengthForm.MINIMAL) {
            used = length <= 125 ? null : length <= 0xFFFF ? LengthForm.SIXTEEN_BIT : LengthForm.SIXTY_FOUR_BIT;
        }
        if (used == null) {
            out.write(maskBit | (int) length);
        } else if (used == LengthForm.SIXTEEN_BIT) {
            if (length > 0xFFFF) {
                throw new IllegalArgumentException(length + " does not fit 16 bits");
            }
            out.write(maskBit | 126);
            out.write((int) (length >>> 8) & 0xFF);
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        if (mask != null) {
            out.write(mask, 0, 4);
        }
        return out.toByteArray();
    }

    /** Masks (or unmasks) {@code bytes} in place, as if they started at payload offset {@code offset}. */
    public static void applyMask(byte[] bytes, byte[] mask, long offset) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] ^= mask[(int) ((offset + i) & 3)];
        }
    }

    public static byte[] randomMask() {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return mask;
    }
}
