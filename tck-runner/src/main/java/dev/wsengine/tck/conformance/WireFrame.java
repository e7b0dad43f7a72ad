package dev.wsengine.tck.conformance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One frame as it goes on the wire, valid or not: any FIN, any RSV bits (RSV1 = 4, RSV2 = 2,
 * RSV3 = 1), any opcode including reserved ones, any payload (control frames beyond 125 bytes too).
 */
public record WireFrame(boolean fin, int rsv, int opcode, byte[] payload) {

    public static final int RSV1 = 4;
    public static final int RSV2 = 2;
    public static final int RSV3 = 1;

    public WireFrame {
        if (rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("rsv bits are 0..7, not " + rsv);
        }
        if (opcode < 0 || opcode > 15) {
            throw new IllegalArgumentException("opcodes are 0..15, not " + opcode);
        }
        payload = payload == null ? new byte[0] : payload;
    }

    public static WireFrame text(String text) {
        return new WireFrame(true, 0, Opcode.TEXT, utf8(text));
    }

    public static WireFrame text(byte[] payload) {
        return new WireFrame(true, 0, Opcode.TEXT, payload);
    }

    public static WireFrame binary(byte[] payload) {
        return new WireFrame(true, 0, Opcode.BINARY, payload);
    }

    public static WireFrame continuation(byte[] payload) {
        return new WireFrame(true, 0, Opcode.CONTINUATION, payload);
    }

    public static WireFrame ping(byte[] payload) {
        return new WireFrame(true, 0, Opcode.PING, payload);
    }

    public static WireFrame pong(byte[] payload) {
        return new WireFrame(true, 0, Opcode.PONG, payload);
    }

    /** A Close frame with a status code and a UTF-8 reason. */
    public static WireFrame close(int code, String reason) {
        return close(code, utf8(reason));
    }

    /** A Close frame with a status code and raw reason bytes (which need not be UTF-8). */
    public static WireFrame close(int code, byte[] reason) {
        ByteBuffer body = ByteBuffer.allocate(2 + reason.length);
        body.putShort((short) code).put(reason);
        return new WireFrame(true, 0, Opcode.CLOSE, body.array());
    }

    /** A Close frame with exactly this payload (empty, one byte, anything). */
    public static WireFrame closeRaw(byte[] payload) {
        return new WireFrame(true, 0, Opcode.CLOSE, payload);
    }

    public WireFrame fin(boolean fin) {
        return new WireFrame(fin, rsv, opcode, payload);
    }

    public WireFrame rsv(int rsv) {
        return new WireFrame(fin, rsv, opcode, payload);
    }

    public WireFrame opcode(int opcode) {
        return new WireFrame(fin, rsv, opcode, payload);
    }

    /** The status code of a Close frame, -1 when its payload is shorter than two bytes. */
    public int closeCode() {
        return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    /** The reason bytes of a Close frame (empty when there is none). */
    public byte[] closeReason() {
        return payload.length <= 2 ? new byte[0] : Arrays.copyOfRange(payload, 2, payload.length);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireFrame f && f.fin == fin && f.rsv == rsv && f.opcode == opcode
                && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(fin) * 31 + rsv * 17 + opcode) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode) + (fin ? "" : " (not final)") + (rsv == 0 ? "" : " rsv=" + rsv)
                + " " + payload.length + " bytes";
    }
}
