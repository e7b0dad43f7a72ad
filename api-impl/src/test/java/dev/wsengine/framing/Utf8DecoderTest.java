package dev.wsengine.framing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8DecoderTest {

    private static String decode(byte[] bytes) {
        Utf8Decoder decoder = new Utf8Decoder();
        StringBuilder out = new StringBuilder();
        decoder.decode(ByteBuffer.wrap(bytes), out);
        decoder.finish();
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "κόσμε", "€ and 𝄞 and 中文", "\u0000\u007f\u0080\u07ff\u0800\uffff",
            "\ud800\udc00\udbff\udfff"})
    void decodesValidTextAtEverySplitPoint(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, decode(bytes));
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Decoder decoder = new Utf8Decoder();
            StringBuilder out = new StringBuilder();
            decoder.decode(ByteBuffer.wrap(bytes, 0, split), out);
            decoder.decode(ByteBuffer.wrap(bytes, split, bytes.length - split), out);
            decoder.finish();
            assertEquals(text, out.toString(), "split at " + split);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "80", "bf", "c0af", "c1bf", "e080af", "eda080", "edbfbf", "f08080af", "f4908080", "f5808080",
            "ff", "fe", "e2", "e282", "f09d84", "cebae1bdb9cf83ceb5eda080656469746564",
            "c2", "e0a0", "61c3"})
    void rejectsInvalidSequences(String hex) {
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> decode(HexFormat.of().parseHex(hex)));
        assertEquals(1007, v.closeCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0", "e080", "eda0", "f080", "f490", "f5"})
    void failsFastOnAPrefixThatCanNeverBecomeValid(String hex) {
        Utf8Decoder decoder = new Utf8Decoder();
        assertThrows(ProtocolViolation.class,
                () -> decoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex(hex)), new StringBuilder()),
                "must fail before the message ends");
    }

    @Test
    void keepsAnIncompleteSequenceForTheNextFragment() {
        Utf8Decoder decoder = new Utf8Decoder();
        StringBuilder out = new StringBuilder();
        decoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex("61e282")), out);
        assertEquals("a", out.toString());
        decoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex("ac")), out);
        decoder.finish();
        assertEquals("a€", out.toString());
    }

    @Test
    void decodesLongTextBeyondTheInternalChunk() {
        String text = "ab€".repeat(5000);
        assertEquals(text, decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void checksWholeBuffersWithoutMovingThem() {
        ByteBuffer good = ByteBuffer.wrap("ok €".getBytes(StandardCharsets.UTF_8));
        assertTrue(Utf8.isValid(good));
        assertEquals(0, good.position());
        assertFalse(Utf8.isValid(ByteBuffer.wrap(new byte[] {(byte) 0xE2, (byte) 0x82})));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void makesAnAsciiMessageStraightIntoItsString(boolean direct) {
        byte[] bytes = "{\"room\":\"lobby\",\"text\":\"hi\"}".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer in = buffer(direct, bytes);
        in.position(1); // a payload inside a bigger read buffer
        in.limit(bytes.length - 1);
        assertEquals("\"room\":\"lobby\",\"text\":\"hi\"", Utf8Decoder.asciiOrNull(in));
        assertFalse(in.hasRemaining(), "the message was consumed");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void leavesTextThatIsNotAllAsciiToTheDecoderWithoutConsumingIt(boolean direct) {
        byte[] valid = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = {'o', 'k', (byte) 0xC0, (byte) 0x80};
        for (byte[] bytes : new byte[][] {valid, invalid}) {
            ByteBuffer in = buffer(direct, bytes);
            assertEquals(null, Utf8Decoder.asciiOrNull(in));
            assertEquals(0, in.position());
            assertEquals(bytes.length, in.remaining());
        }
    }

    @Test
    void makesALargeDirectAsciiMessageIntoItsStringToo() {
        byte[] bytes = new byte[70_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        ByteBuffer in = buffer(true, bytes);
        assertEquals(new String(bytes, StandardCharsets.US_ASCII), Utf8Decoder.asciiOrNull(in));
        assertFalse(in.hasRemaining());
    }

    /** The scan reads eight bytes at a time: a non-ASCII byte must be found in every lane and in the tail. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void findsANonAsciiByteWhereverItIs(boolean direct) {
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                java.util.Arrays.fill(bytes, (byte) 'x');
                bytes[at] = (byte) 0x80;
                ByteBuffer in = buffer(direct, bytes);
                assertEquals(null, Utf8Decoder.asciiOrNull(in), "length " + length + ", byte " + at);
                assertEquals(0, in.position());
            }
            byte[] ascii = new byte[length];
            java.util.Arrays.fill(ascii, (byte) 0x7F);
            assertEquals(new String(ascii, StandardCharsets.US_ASCII), Utf8Decoder.asciiOrNull(buffer(direct, ascii)));
        }
    }

    private static ByteBuffer buffer(boolean direct, byte[] bytes) {
        if (!direct) {
            return ByteBuffer.wrap(bytes.clone());
        }
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
        b.put(bytes).flip();
        return b;
    }
}
