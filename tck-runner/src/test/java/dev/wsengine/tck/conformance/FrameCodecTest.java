package dev.wsengine.tck.conformance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {

    @ParameterizedTest
    @CsvSource({"0,2", "125,2", "126,4", "65535,4", "65536,10"})
    void usesTheShortestLengthFormAndRoundTripsMaskedFrames(int size, int headerWithoutMask) throws IOException {
        WireFrame frame = WireFrame.binary(Cases.binary(size));
        byte[] wire = FrameEncoder.masked(frame);
        assertEquals(headerWithoutMask + 4 + size, wire.length);
        FrameDecoder.Decoded decoded = new FrameDecoder(new ByteArrayInputStream(wire), 1 << 20).read();
        assertTrue(decoded.masked());
        assertEquals(frame, decoded.frame());
    }

    @Test
    void masksThePayloadWithTheGivenKey() {
        byte[] mask = {1, 2, 3, 4};
        byte[] wire = FrameEncoder.encode(WireFrame.text("abcde"), mask, FrameEncoder.LengthForm.MINIMAL);
        assertArrayEquals(Cases.bytes(0x81, 0x85, 1, 2, 3, 4, 'a' ^ 1, 'b' ^ 2, 'c' ^ 3, 'd' ^ 4, 'e' ^ 1), wire);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void keepsRsvBitsFinAndReservedOpcodes(int rsv) throws IOException {
        WireFrame frame = new WireFrame(rsv % 2 == 0, rsv, 3 + rsv, WireFrame.utf8("x"));
        byte[] wire = FrameEncoder.encode(frame, null, FrameEncoder.LengthForm.MINIMAL);
        assertEquals((rsv % 2 == 0 ? 0x80 : 0) | rsv << 4 | (3 + rsv), wire[0] & 0xFF);
        FrameDecoder.Decoded decoded = new FrameDecoder(new ByteArrayInputStream(wire), 10).read();
        assertFalse(decoded.masked());
        assertEquals(frame, decoded.frame());
    }

    @Test
    void spellsLengthsInTheLongerFormsWhenAsked() {
        byte[] sixteen = FrameEncoder.encode(WireFrame.text("short"), null, FrameEncoder.LengthForm.SIXTEEN_BIT);
        assertArrayEquals(Cases.bytes(0x81, 126, 0, 5), Cases.slice(sixteen, 0, 4));
        byte[] header = FrameEncoder.header(true, 0, Opcode.BINARY, Long.MAX_VALUE, new byte[4], FrameEncoder.LengthForm.MINIMAL);
        assertArrayEquals(Cases.bytes(0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0), header);
    }

    @Test
    void refusesServerFramesLargerThanItsLimit() {
        byte[] header = FrameEncoder.header(true, 0, Opcode.BINARY, 1000, null, FrameEncoder.LengthForm.MINIMAL);
        IOException e = assertThrows(IOException.class, () -> new FrameDecoder(new ByteArrayInputStream(header), 999).read());
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void reportsAStreamEndingInsideAFrame() {
        byte[] wire = FrameEncoder.encode(WireFrame.text("truncated"), null, FrameEncoder.LengthForm.MINIMAL);
        assertThrows(EOFException.class, () -> new FrameDecoder(new ByteArrayInputStream(Cases.slice(wire, 0, 5)), 100).read());
    }

    @Test
    void readsCloseCodesAndReasons() {
        WireFrame close = WireFrame.close(4999, "bye");
        assertEquals(4999, close.closeCode());
        assertArrayEquals(WireFrame.utf8("bye"), close.closeReason());
        assertEquals(-1, WireFrame.closeRaw(Cases.bytes(3)).closeCode());
    }
}
