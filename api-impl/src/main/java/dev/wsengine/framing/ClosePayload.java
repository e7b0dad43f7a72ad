package dev.wsengine.framing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reading and writing the payload of Close frames (RFC 6455 section 5.5.1). */
public final class ClosePayload {

    private static final int MAX_REASON_BYTES = 123;

    private ClosePayload() {
    }

    /**
     * Reads a received Close payload. An empty one means no status: code 1005.
     *
     * @throws ProtocolViolation 1002 for a 1-byte payload or a code that may not be sent,
     *                           1007 for a reason that is not valid UTF-8
     */
    public static CloseStatus parse(ByteBuffer payload) {
        int length = payload.remaining();
        if (length == 0) {
            return new CloseStatus(CloseCodes.NO_STATUS, "");
        }
        if (length == 1) {
            throw ProtocolViolation.protocolError("Close frame with a 1-byte payload");
        }
        int code = payload.getShort(payload.position()) & 0xFFFF;
        if (!CloseCodes.mayBeSent(code)) {
            throw ProtocolViolation.protocolError("Close frame with code " + code + ", which may not be sent");
        }
        ByteBuffer reason = payload.slice(payload.position() + 2, length - 2);
        Utf8Decoder decoder = new Utf8Decoder();
        StringBuilder text = new StringBuilder(length - 2);
        decoder.decode(reason, text);
        decoder.finish();
        return new CloseStatus(code, text.toString());
    }

    /**
     * The payload for sending a Close: the code, then the reason in UTF-8, cut at a code point
     * boundary so that the payload fits the 125 bytes of a control frame.
     *
     * @throws IllegalArgumentException for a code that may not be sent
     */
    public static ByteBuffer encode(int code, String reason) {
        if (!CloseCodes.mayBeSent(code)) {
            throw new IllegalArgumentException("Close code " + code + " may not be sent");
        }
        byte[] text = truncate(reason == null ? "" : reason);
        ByteBuffer payload = ByteBuffer.allocate(2 + text.length);
        payload.putShort((short) code).put(text).flip();
        return payload;
    }

    private static byte[] truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return bytes;
        }
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--; // back off to the start of the code point that does not fit
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
