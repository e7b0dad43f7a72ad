package dev.wsengine.extensions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
