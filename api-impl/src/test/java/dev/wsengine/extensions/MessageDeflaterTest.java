package dev.wsengine.extensions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Inflater;

import static dev.wsengine.extensions.Headers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageDeflaterTest {

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    // ---- RFC 7692 section 7.2.3 examples ---------------------------------------------------------

    @Test
    void compressesHelloAsInTheRfc() {
        // Section 7.2.3.1.
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(ascii("Hello"), true)));
    }

    @Test
    void compressesSecondHelloAsBackReferenceWithContextTakeover() {
        // Section 7.2.3.2.
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(ascii("Hello"), true)));
        assertEquals("f2 00 11 00 00", hex(deflater.deflate(ascii("Hello"), true)));
    }

    @Test
    void compressesEveryMessageAloneWithoutContextTakeover() {
        MessageDeflater deflater = new MessageDeflater(true, 6, 64);
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(ascii("Hello"), true)));
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(ascii("Hello"), true)));
    }

    @Test
    void writesStoredBlockAtLevelZero() {
        // Section 7.2.3.3: a DEFLATE block with no compression.
        MessageDeflater deflater = new MessageDeflater(false, 0, 64);
        assertEquals("00 05 00 fa ff 48 65 6c 6c 6f 00", hex(deflater.deflate(ascii("Hello"), true)));
    }

    @Test
    void compressesEmptyMessageToSingleZeroOctet() {
        // Section 7.2.3.6.
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        assertEquals("00", hex(deflater.deflate(ByteBuffer.allocate(0), true)));
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(ascii("Hello"), true)), "stream still usable");
    }

    @Test
    void endsMessageWithSingleZeroOctetWhenLastPartIsEmpty() {
        // Section 7.2.3.6: the sender flushed everything with the previous fragment.
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        ByteBuffer first = deflater.deflate(ascii("Hello"), false);
        assertEquals("f2 48 cd c9 c9 07 00 00 00 ff ff", hex(first), "a non-final part keeps its flush block");
        assertEquals("00", hex(deflater.deflate(ByteBuffer.allocate(0), true)));
    }

    // ---- parts and buffers -----------------------------------------------------------------------

    @Test
    void compressesMessageSentInParts() {
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        MessageInflater inflater = new MessageInflater(false, 64);
        Collector sink = new Collector();
        inflater.inflate(deflater.deflate(ascii("Hel"), false), false, 100, sink);
        inflater.inflate(deflater.deflate(ascii("lo, "), false), false, 100, sink);
        inflater.inflate(deflater.deflate(ascii("World"), true), true, 100, sink);
        assertEquals("Hello, World", sink.text());
    }

    @ParameterizedTest(name = "initial buffer {0}")
    @ValueSource(ints = {8, 64, 8192})
    void growsOutputBufferForIncompressibleData(int initial) {
        byte[] random = new byte[100_000];
        new Random(7).nextBytes(random);
        MessageDeflater deflater = new MessageDeflater(false, 6, initial);
        ByteBuffer compressed = deflater.deflate(ByteBuffer.wrap(random), true);
        assertTrue(compressed.remaining() > random.length, "random data does not shrink");
        assertArrayEquals(random, inflateWithJdk(compressed));
    }

    @Test
    void consumesDirectInputEntirely() {
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("Hello".getBytes(StandardCharsets.US_ASCII)).flip();
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(direct, true)));
        assertFalse(direct.hasRemaining());
    }

    @Test
    void compressesReadOnlyInput() {
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        ByteBuffer readOnly = ascii("Hello").asReadOnlyBuffer();
        assertEquals("f2 48 cd c9 c9 07 00", hex(deflater.deflate(readOnly, true)));
        assertFalse(readOnly.hasRemaining());
    }

    @Test
    void outputIsReadableByPlainJdkInflaterWithTheTailAppended() {
        byte[] text = "permessage-deflate ".repeat(500).getBytes(StandardCharsets.US_ASCII);
        MessageDeflater deflater = new MessageDeflater(false, 9, 1024);
        ByteBuffer compressed = deflater.deflate(ByteBuffer.wrap(text), true);
        assertTrue(compressed.remaining() < text.length / 20, "compressed to " + compressed.remaining());
        assertArrayEquals(text, inflateWithJdk(compressed));
    }

    // ---- windows below 15 bits (server_max_window_bits=N, RFC 7692 section 7.1.2.1) ---------------

    /**
     * Exactly {@code length} bytes that compress well and repeat at many distances: phrases from a
     * small vocabulary in a fixed pseudo-random order.
     */
    private static byte[] phrases(int length) {
        String[] words = {"window ", "deflate ", "message ", "frame ", "zlib ", "bits ", "lz77 ", "octet "};
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]);
        }
        return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "window bits {0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void compressesAMessageOfExactlyTheWindowSizeAfreshEveryTime(int bits) {
        byte[] message = phrases(1 << bits);
        MessageDeflater deflater = new MessageDeflater(false, bits, 6, 64);
        assertEquals(1L << bits, deflater.maxMessageBytes());
        byte[] first = bytes(deflater.deflate(ByteBuffer.wrap(message), true));
        byte[] second = bytes(deflater.deflate(ByteBuffer.wrap(message), true));
        assertTrue(first.length < message.length / 2, "compressed " + message.length + " to " + first.length);
        // No context carried over: the second message does not refer back to the first, and each
        // inflates with a fresh Inflater, which has no history to refer to ("invalid distance too
        // far back" otherwise). With at most 2^N bytes per fresh stream, no distance reaches 2^N.
        assertArrayEquals(first, second);
        assertArrayEquals(message, inflateWithJdk(ByteBuffer.wrap(first)));
        assertArrayEquals(message, inflateWithJdk(ByteBuffer.wrap(second)));
        assertTrue(deflater.holdsZlibState(), "reset, not freed: no new zlib state per message");
    }

    @Test
    void aFullWindowWithContextTakeoverWouldReferBack() {
        // The control for the test above: the same message twice with the JDK's 32 KB window and
        // context takeover comes out shorter the second time.
        byte[] message = phrases(1 << 10);
        MessageDeflater deflater = new MessageDeflater(false, 15, 6, 64);
        byte[] first = bytes(deflater.deflate(ByteBuffer.wrap(message), true));
        byte[] second = bytes(deflater.deflate(ByteBuffer.wrap(message), true));
        assertTrue(second.length < first.length / 4, first.length + " then " + second.length);
        assertEquals(Long.MAX_VALUE, deflater.maxMessageBytes());
    }

    @ParameterizedTest(name = "window bits {0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void refusesAMessageLongerThanTheWindow(int bits) {
        MessageDeflater deflater = new MessageDeflater(false, bits, 6, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> deflater.deflate(ByteBuffer.wrap(phrases((1 << bits) + 1)), true));
        assertTrue(e.getMessage().contains((1 << bits) + "-byte window"), e::getMessage);
        // The refused message left nothing behind: the next one is compressed on its own.
        byte[] message = phrases(1 << bits);
        assertArrayEquals(message, inflateWithJdk(deflater.deflate(ByteBuffer.wrap(message), true)));
    }

    @Test
    void countsTheWindowOverAllPartsOfAMessage() {
        MessageDeflater deflater = new MessageDeflater(false, 8, 6, 64);
        byte[] message = phrases(256);
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(bytes(deflater.deflate(ByteBuffer.wrap(message, 0, 200), false)));
        whole.writeBytes(bytes(deflater.deflate(ByteBuffer.wrap(message, 200, 56), true)));
        assertArrayEquals(message, inflateWithJdk(ByteBuffer.wrap(whole.toByteArray())));

        deflater.deflate(ByteBuffer.wrap(message, 0, 200), false);
        ByteBuffer tooMuch = ByteBuffer.wrap(message, 0, 57);
        assertThrows(IllegalArgumentException.class, () -> deflater.deflate(tooMuch, true));
        assertEquals(57, tooMuch.remaining(), "nothing of the refused part was compressed");
    }

    @Test
    void smallWindowWithNoContextTakeoverStillFreesZlibBetweenMessages() {
        MessageDeflater deflater = new MessageDeflater(true, 10, 6, 64);
        byte[] message = phrases(1000);
        assertArrayEquals(message, inflateWithJdk(deflater.deflate(ByteBuffer.wrap(message), true)));
        assertFalse(deflater.holdsZlibState());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }

    // ---- memory and lifecycle --------------------------------------------------------------------

    @Test
    void createsZlibStateOnlyForTheFirstCompressedMessage() {
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        assertFalse(deflater.holdsZlibState());
        deflater.deflate(ascii("Hello"), true);
        assertTrue(deflater.holdsZlibState(), "context takeover keeps the window");
    }

    @Test
    void freesZlibStateAfterEachMessageWithoutContextTakeover() {
        MessageDeflater deflater = new MessageDeflater(true, 6, 64);
        deflater.deflate(ascii("Hel"), false);
        assertTrue(deflater.holdsZlibState(), "held within a message");
        ByteBuffer last = deflater.deflate(ascii("lo"), true);
        assertFalse(deflater.holdsZlibState(), "freed between messages");
        assertTrue(last.hasRemaining(), "the returned bytes stay readable after the free");
    }

    @Test
    void releaseIsIdempotentAndRefusesLaterUse() {
        MessageDeflater deflater = new MessageDeflater(false, 6, 64);
        deflater.deflate(ascii("Hello"), true);
        deflater.release();
        deflater.release();
        assertFalse(deflater.holdsZlibState());
        assertThrows(IllegalStateException.class, () -> deflater.deflate(ascii("Hello"), true));
    }

    @Test
    void rejectsInvalidConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new MessageDeflater(false, 10, 64));
        assertThrows(IllegalArgumentException.class, () -> new MessageDeflater(false, 6, 4));
        assertThrows(IllegalArgumentException.class, () -> new MessageDeflater(false, 7, 6, 64));
        assertThrows(IllegalArgumentException.class, () -> new MessageDeflater(false, 16, 6, 64));
    }

    /** Inflates one message with a bare JDK Inflater, the RFC way: payload plus 00 00 ff ff. */
    static byte[] inflateWithJdk(ByteBuffer payload) {
        byte[] input = new byte[payload.remaining() + 4];
        payload.duplicate().get(input, 0, payload.remaining());
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(input);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            do {
                n = inflater.inflate(buffer);
                out.write(buffer, 0, n);
            } while ((n > 0 || !inflater.needsInput()) && !inflater.finished());
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }
}
