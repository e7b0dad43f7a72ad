package dev.wsengine.framing;

import java.io.ByteArrayOutputStream;

/** Builds frames bit by bit, including ones no correct writer would produce. */
final class RawFrame {

    private boolean fin = true;
    private int rsv;
    private final int opcode;
    private Integer maskKey = 0x37FA213D;
    private byte[] payload = new byte[0];
    private Long declaredLength;

    private RawFrame(int opcode) {
        this.opcode = opcode;
    }

    static RawFrame of(int opcode) {
        return new RawFrame(opcode);
    }

    RawFrame fin(boolean fin) {
        this.fin = fin;
        return this;
    }

    RawFrame rsv(int rsv) {
        this.rsv = rsv;
        return this;
    }

    RawFrame unmasked() {
        this.maskKey = null;
        return this;
    }

    RawFrame payload(byte[] payload) {
        this.payload = payload;
        return this;
    }

    RawFrame payload(String utf8) {
        return payload(utf8.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Announces a length other than the payload's (only the header is written then). */
    RawFrame declaredLength(long length) {
        this.declaredLength = length;
        return this;
    }

    byte[] bytes() {
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

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
