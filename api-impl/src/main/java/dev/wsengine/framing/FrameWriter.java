package dev.wsengine.framing;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Writes RFC 6455 frame headers and frames. A server writer leaves frames unmasked; a client
 * writer masks every frame with a fresh key. The payload a caller hands in is never modified:
 * masking happens on the copy written into the destination.
 */
public final class FrameWriter {

    /**
     * Masking keys must be unpredictable to whatever script chose the payload (RFC 6455 section
     * 10.3), so they come from a cryptographic generator; one shared instance, because client
     * frames are far fewer than server frames and the JDK's DRBG is thread-safe.
     */
    private static final SecureRandom KEYS = new SecureRandom();

    private static final FrameWriter SERVER = new FrameWriter(false);

    private final boolean masks;

    private FrameWriter(boolean masks) {
        this.masks = masks;
    }

    public static FrameWriter forServer() {
        return SERVER;
    }

    public static FrameWriter forClient() {
        return new FrameWriter(true);
    }

    public boolean masks() {
        return masks;
    }

    /** The size of the header of a frame carrying {@code payloadLength} bytes: 2 to 14. */
    public static int headerLength(long payloadLength, boolean masked) {
        int base = payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? base + 4 : base;
    }

    /**
     * Writes a frame header at {@code dst}'s position.
     *
     * @return the masking key the payload must be masked with, or 0 for an unmasked frame
     */
    public int writeHeader(ByteBuffer dst, int opcode, boolean fin, int rsv, long payloadLength) {
        dst.put((byte) ((fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0x0F)));
        int maskBit = masks ? 0x80 : 0;
        if (payloadLength <= 125) {
            dst.put((byte) (maskBit | payloadLength));
        } else if (payloadLength <= 0xFFFF) {
            dst.put((byte) (maskBit | 126));
            dst.putShort((short) payloadLength);
        } else {
            dst.put((byte) (maskBit | 127));
            dst.putLong(payloadLength);
        }
        if (!masks) {
            return 0;
        }
        int key;
        do {
            key = KEYS.nextInt();
        } while (key == 0);
        dst.putInt(key);
        return key;
    }

    /**
     * Writes a whole frame, header and payload, into {@code dst}, which must have room for it.
     * {@code payload}'s remaining bytes are consumed; their content is not modified.
     */
    public void writeFrame(ByteBuffer dst, int opcode, boolean fin, int rsv, ByteBuffer payload) {
        copyFrame(dst, opcode, fin, rsv, payload);
        payload.position(payload.limit());
    }

    /**
     * Like {@link #writeFrame}, but {@code payload}'s position does not move either: the sender's
     * buffer is copied as it stands, with no duplicate made to protect it.
     */
    public void copyFrame(ByteBuffer dst, int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        int key = writeHeader(dst, opcode, fin, rsv, length);
        int start = dst.position();
        dst.put(start, payload, payload.position(), length);
        dst.position(start + length);
        if (masks) {
            Masking.mask(dst, start, start + length, key, 0);
        }
    }

    /**
     * Writes {@code payload} as a message of frames each carrying at most {@code maxFramePayload}
     * bytes: {@code opcode} on the first, CONTINUATION after, FIN on the last.
     * {@code dst} must have room for every header and the payload.
     */
    public void writeFragmented(ByteBuffer dst, int opcode, ByteBuffer payload, int maxFramePayload) {
        if (maxFramePayload <= 0) {
            throw new IllegalArgumentException("maxFramePayload must be positive: " + maxFramePayload);
        }
        int frameOpcode = opcode;
        do {
            int n = Math.min(payload.remaining(), maxFramePayload);
            ByteBuffer piece = payload.slice(payload.position(), n);
            payload.position(payload.position() + n);
            writeFrame(dst, frameOpcode, !payload.hasRemaining(), 0, piece);
            frameOpcode = Opcode.CONTINUATION;
        } while (payload.hasRemaining());
    }
}
