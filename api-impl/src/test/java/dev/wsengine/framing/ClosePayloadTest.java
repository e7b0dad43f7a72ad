package dev.wsengine.framing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClosePayloadTest {

    private static ByteBuffer payload(int code, byte[] reason) {
        return ByteBuffer.allocate(2 + reason.length).putShort((short) code).put(reason).flip();
    }

    @Test
    void anEmptyPayloadMeansNoStatus() {
        assertEquals(new CloseStatus(1005, ""), ClosePayload.parse(ByteBuffer.allocate(0)));
    }

    @Test
    void aOneBytePayloadIsAProtocolError() {
        assertEquals(1002, assertThrows(ProtocolViolation.class,
                () -> ClosePayload.parse(ByteBuffer.wrap(new byte[] {3}))).closeCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void codesThatMayNotBeSentAreProtocolErrors(int code) {
        assertEquals(1002, assertThrows(ProtocolViolation.class,
                () -> ClosePayload.parse(payload(code, new byte[0]))).closeCode());
        assertFalse(CloseCodes.mayBeSent(code));
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999})
    void codesThatMayBeSentAreRead(int code) {
        assertEquals(new CloseStatus(code, "why"), ClosePayload.parse(payload(code, "why".getBytes())));
        assertTrue(CloseCodes.mayBeSent(code));
    }

    @Test
    void aReasonThatIsNotUtf8Fails1007() {
        assertEquals(1007, assertThrows(ProtocolViolation.class,
                () -> ClosePayload.parse(payload(1000, new byte[] {(byte) 0xC0, (byte) 0x80}))).closeCode());
    }

    @Test
    void longReasonsAreCutAtACodePointToFitTheControlFrame() {
        String reason = "€".repeat(100);
        ByteBuffer encoded = ClosePayload.encode(1000, reason);
        assertTrue(encoded.remaining() <= 125);
        CloseStatus back = ClosePayload.parse(encoded);
        assertEquals("€".repeat(41), back.reason());
    }

    @Test
    void refusesToEncodeCodesThatMayNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> ClosePayload.encode(1006, ""));
        assertEquals("03e8", java.util.HexFormat.of().formatHex(ClosePayload.encode(1000, "").array()));
        assertEquals("ok", StandardCharsets.UTF_8.decode(ClosePayload.encode(1000, "ok").position(2)).toString());
    }
}
