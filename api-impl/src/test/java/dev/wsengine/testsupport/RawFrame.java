package dev.wsengine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket frames written and read bit by bit from RFC 6455 section 5.2, with none of the engine's
 * framing classes: a test that talks through these is a peer we did not write. The builder makes
 * frames no correct writer would produce (a reserved bit, a wrong length, no mask); {@link #read}
 * takes one frame off a stream whatever it holds, and leaves the judging to the caller.
 */
public final class RawFrame {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private boolean fin = true;
    private int rsv;
    private final int opcode;
    private Integer maskKey = 0x37FA213D;
    private byte[] payload = new byte[0];
    private Long declaredLength;

    private RawFrame(int opcode) {
        this.opcode = opcode;
    }

    /** A frame with FIN set, no reserved bit, an empty payload and a fixed mask key. */
    public static RawFrame of(int opcode) {
        return new RawFrame(opcode);
    }

    public RawFrame fin(boolean fin) {
        this.fin = fin;
        return this;
    }

    public RawFrame rsv(int rsv) {
        this.rsv = rsv;
        return this;
    }

    /** Masks with {@code key} (big-endian, the first byte on the wire the highest). */
    public RawFrame mask(int key) {
        this.maskKey = key;
        return this;
    }

    /** No mask: a server's frame, or a client's broken one. */
    public RawFrame unmasked() {
        this.maskKey = null;
        return this;
    }

    public RawFrame payload(byte[] payload) {
        this.payload = payload;
        return this;
    }

    public RawFrame payload(String utf8) {
        return payload(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Announces a length other than the payload's (only the header is written then). */
    public RawFrame declaredLength(long length) {
        this.declaredLength = length;
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        long length = declaredLength != null ? declaredLength : payload.length;
        int maskBit = maskKey != null ? 0x80 : 0;
        if (length >= 0 && length <= 125) {
            out.write(maskBit | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (length >> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)));
            }
        }
        if (maskKey != null) {
            for (int i = 3; i >= 0; i--) {
                out.write(maskKey >>> (8 * i));
            }
        }
        if (declaredLength == null) {
            for (int i = 0; i < payload.length; i++) {
                int k = maskKey == null ? 0 : (maskKey >>> (24 - 8 * (i & 3))) & 0xFF;
                out.write(payload[i] ^ k);
            }
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    /** The payload of a Close frame with {@code code} and no reason. */
    public static byte[] closePayload(int code) {
        return new byte[] {(byte) (code >>> 8), (byte) code};
    }

    /** One frame as it came off the wire, its payload unmasked. */
    public record Received(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a Close frame, or 1005 (no status code) when its payload has none. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        }
    }

    /**
     * Reads exactly one frame from {@code in}, nothing behind it (the stream should not buffer).
     *
     * @throws EOFException when the stream ends before or inside the frame
     * @throws AssertionError when the frame announces more than {@code maxPayload} bytes
     */
    public static Received read(InputStream in, long maxPayload) throws IOException {
        DataInputStream data = in instanceof DataInputStream d ? d : new DataInputStream(in);
        int first = data.readUnsignedByte();
        int second = data.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = data.readUnsignedShort();
        } else if (length == 127) {
            length = data.readLong();
        }
        if (length < 0 || length > maxPayload) {
            throw new AssertionError("a frame of " + Long.toUnsignedString(length) + " bytes, over the "
                    + maxPayload + " this test reads");
        }
        boolean masked = (second & 0x80) != 0;
        byte[] key = new byte[4];
        if (masked) {
            data.readFully(key);
        }
        byte[] payload = new byte[(int) length];
        data.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new Received((first & 0x80) != 0, (first >> 4) & 0x7, first & 0x0f, masked, payload);
    }
}
