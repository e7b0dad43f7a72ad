package dev.wsengine.benchmarks.client;

import java.nio.ByteBuffer;

/**
 * Client-to-server frames written by hand (RFC 6455 section 5.2): one frame per message unless a
 * fragment is asked for, always masked with the mask the caller gives. Independent of our engine
 * on purpose: the load client must be none of the implementations under test.
 */
public final class ClientFrames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;

    private ClientFrames() {
    }

    /** Bytes a masked frame of {@code payloadLength} takes on the wire. */
    public static int frameLength(int payloadLength) {
        return headerLength(payloadLength) + payloadLength;
    }

    static int headerLength(int payloadLength) {
        int base = 2 + 4;
        if (payloadLength <= 125) {
            return base;
        }
        return payloadLength <= 0xFFFF ? base + 2 : base + 8;
    }

    /**
     * Writes one masked frame into {@code out}: the bytes of {@code payload} from its position to
     * its limit, which stays untouched. Masks eight bytes at a time so the client stays cheap.
     */
    public static void writeMasked(ByteBuffer out, int opcode, ByteBuffer payload, int mask) {
        writeMasked(out, opcode, true, payload, mask);
    }

    /**
     * Writes one masked frame of a fragmented message: {@code opcode} is the message's for its first
     * frame and {@link #CONTINUATION} after; {@code fin} marks the last.
     */
    public static void writeMasked(ByteBuffer out, int opcode, boolean fin, ByteBuffer payload, int mask) {
        int length = payload.remaining();
        out.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length <= 125) {
            out.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (0x80 | 126));
            out.putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127));
            out.putLong(length);
        }
        out.putInt(mask);
        long wide = ((long) mask << 32) | (mask & 0xFFFFFFFFL);
        int from = payload.position();
        int i = 0;
        if (out.order() == payload.order()) {
            long orderedWide = out.order() == java.nio.ByteOrder.BIG_ENDIAN ? wide : Long.reverseBytes(wide);
            for (; i + 8 <= length; i += 8) {
                out.putLong(payload.getLong(from + i) ^ orderedWide);
            }
        }
        for (; i < length; i++) {
            out.put((byte) (payload.get(from + i) ^ (mask >>> (8 * (3 - (i & 3))))));
        }
    }

    /** A masked Close frame with {@code code} and no reason. */
    public static ByteBuffer close(int code, int mask) {
        ByteBuffer body = ByteBuffer.allocate(2).putShort(0, (short) code);
        ByteBuffer out = ByteBuffer.allocate(frameLength(2));
        writeMasked(out, CLOSE, body, mask);
        return out.flip();
    }
}
