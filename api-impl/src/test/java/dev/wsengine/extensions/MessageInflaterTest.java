package dev.wsengine.extensions;

import dev.wsengine.framing.CloseCodes;
import dev.wsengine.framing.ProtocolViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.wsengine.extensions.Headers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageInflaterTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final Collector sink = new Collector();

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(hex(hex));
    }

    // ---- RFC 7692 section 7.2.3 examples ---------------------------------------------------------

    @ParameterizedTest(name = "section {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "7.2.3.1 a message compressed using 1 compressed DEFLATE block | f2 48 cd c9 c9 07 00",
            "7.2.3.3 a DEFLATE block with no compression                  | 00 05 00 fa ff 48 65 6c 6c 6f 00",
            "7.2.3.4 a DEFLATE block with BFINAL set to 1                 | f3 48 cd c9 c9 07 00 00",
            "7.2.3.5 two DEFLATE blocks in one message                    | f2 48 05 00 00 00 ff ff ca c9 c9 07 00",
    })
    void inflatesRfcExampleToHello(String section, String payload) {
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes(payload), true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
        inflater.release();
    }

    @Test
    void inflatesRfcExampleSplitIntoTwoFragments() {
        // Section 7.2.3.1: "Hello" in two frames, f2 48 cd then c9 c9 07 00.
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes("f2 48 cd"), false, NO_LIMIT, sink);
        inflater.inflate(bytes("c9 c9 07 00"), true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
    }

    @Test
    void inflatesSecondMessageWithTheSharedWindowOfContextTakeover() {
        // Section 7.2.3.2: the second "Hello" is a back-reference into the first one.
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
        sink.reset();
        inflater.inflate(bytes("f2 00 11 00 00"), true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
    }

    @Test
    void rejectsBackReferenceIntoPreviousMessageWhenPeerResetsContextWith1007() {
        // With no context takeover the window is gone: the RFC's second "Hello" points nowhere.
        MessageInflater inflater = new MessageInflater(true, 1024);
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflater.inflate(bytes("f2 00 11 00 00"), true, NO_LIMIT, sink));
        assertEquals(CloseCodes.INVALID_PAYLOAD, v.closeCode());
    }

    @Test
    void inflatesEmptyMessage() {
        // Section 7.2.3.6: an empty message is the single octet 00.
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes("00"), true, 0, sink);
        assertEquals(0, sink.size());
        assertEquals(0, sink.chunks, "nothing to deliver");
    }

    @Test
    void keepsWorkingAfterBfinalBlockEndedTheStream() {
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes("f3 48 cd c9 c9 07 00 00"), true, NO_LIMIT, sink);
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        assertEquals("HelloHello", sink.text());
    }

    // ---- pieces ----------------------------------------------------------------------------------

    @Test
    void inflatesMessageSplitAtEveryPoint() {
        byte[] plain = ("The quick brown fox jumps over the lazy dog. " .repeat(40) + "Zwölf Boxkämpfer jagen Viktor.")
                .getBytes(StandardCharsets.UTF_8);
        byte[] compressed = compress(plain);
        for (int split = 0; split <= compressed.length; split++) {
            MessageInflater inflater = new MessageInflater(false, 64);
            sink.reset();
            inflater.inflate(ByteBuffer.wrap(compressed, 0, split), false, plain.length, sink);
            inflater.inflate(ByteBuffer.wrap(compressed, split, compressed.length - split), true, plain.length, sink);
            assertArrayEquals(plain, sink.bytes(), "split at " + split);
            inflater.release();
        }
    }

    @Test
    void inflatesMessageFedOneByteAtATime() {
        byte[] plain = "abcabcabcabc-0123456789-abcabcabc".repeat(100).getBytes(StandardCharsets.US_ASCII);
        byte[] compressed = compress(plain);
        MessageInflater inflater = new MessageInflater(false, 100);
        for (int i = 0; i < compressed.length; i++) {
            inflater.inflate(ByteBuffer.wrap(compressed, i, 1), false, plain.length, sink);
        }
        inflater.inflate(ByteBuffer.allocate(0), true, plain.length, sink);
        assertArrayEquals(plain, sink.bytes());
    }

    @Test
    void consumesTheWholeInputBufferAndReadsDirectBuffers() {
        byte[] compressed = hex("f2 48 cd c9 c9 07 00");
        ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length).put(compressed).flip();
        new MessageInflater(false, 64).inflate(direct, true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
        assertFalse(direct.hasRemaining());
    }

    @Test
    void inflatesReadOnlySliceOfALargerBuffer() {
        ByteBuffer frame = bytes("aa bb f2 48 cd c9 c9 07 00 cc");
        ByteBuffer payload = frame.position(2).limit(9).slice().asReadOnlyBuffer();
        new MessageInflater(false, 64).inflate(payload, true, NO_LIMIT, sink);
        assertEquals("Hello", sink.text());
        assertFalse(payload.hasRemaining());
    }

    @Test
    void deliversInChunksNoLargerThanTheBuffer() {
        byte[] plain = new byte[100_000];
        Arrays.fill(plain, (byte) 'x');
        MessageInflater inflater = new MessageInflater(false, 512);
        inflater.inflate(ByteBuffer.wrap(compress(plain)), true, NO_LIMIT, sink);
        assertArrayEquals(plain, sink.bytes());
        assertEquals(512, sink.largestChunk);
        assertTrue(sink.chunks >= 100_000 / 512);
    }

    // ---- limits ----------------------------------------------------------------------------------

    @Test
    void acceptsMessageExactlyAtTheLimit() {
        byte[] plain = new byte[10_000];
        new MessageInflater(false, 1024).inflate(ByteBuffer.wrap(compress(plain)), true, plain.length, sink);
        assertEquals(plain.length, sink.size());
    }

    @Test
    void rejectsMessageOneByteOverTheLimitWith1009() {
        byte[] plain = new byte[10_000];
        MessageInflater inflater = new MessageInflater(false, 1024);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflater.inflate(ByteBuffer.wrap(compress(plain)), true, plain.length - 1, sink));
        assertEquals(CloseCodes.TOO_BIG, v.closeCode());
        assertTrue(sink.size() < plain.length);
    }

    @Test
    void countsTheLimitOverAllPiecesOfTheMessage() {
        byte[] compressed = compress(new byte[3000]);
        int half = compressed.length / 2;
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(ByteBuffer.wrap(compressed, 0, half), false, 2999, sink);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflater.inflate(ByteBuffer.wrap(compressed, half, compressed.length - half), true, 2999, sink));
        assertEquals(CloseCodes.TOO_BIG, v.closeCode());
    }

    @Test
    void limitAppliesPerMessageNotPerConnection() {
        byte[] compressed = compress("0123456789".getBytes(StandardCharsets.US_ASCII));
        MessageInflater inflater = new MessageInflater(true, 1024);
        for (int i = 0; i < 5; i++) {
            inflater.inflate(ByteBuffer.wrap(compressed), true, 10, sink);
        }
        assertEquals(50, sink.size());
    }

    @Test
    void stopsDecompressionBombWith1009WithoutAllocatingItsExpansion() {
        // 64 MB of zeros shrinks to about 64 KB; the limit is 1 MB.
        int expanded = 64 * 1024 * 1024;
        byte[] bomb = compressZeros(expanded);
        assertTrue(bomb.length < 100_000, "bomb is " + bomb.length + " bytes");
        int limit = 1024 * 1024;

        MessageInflater inflater = new MessageInflater(false, 8192);
        long[] delivered = {0};
        int[] largest = {0};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        ProtocolViolation v = assertThrows(ProtocolViolation.class, () -> inflater.inflate(ByteBuffer.wrap(bomb), true, limit,
                chunk -> {
                    delivered[0] += chunk.remaining();
                    largest[0] = Math.max(largest[0], chunk.remaining());
                    chunk.position(chunk.limit());
                }));
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        assertEquals(CloseCodes.TOO_BIG, v.closeCode());
        assertTrue(delivered[0] <= limit, "delivered " + delivered[0]);
        assertEquals(8192, largest[0]);
        // The output buffer, the Inflater and the exception: far below the 1 MB limit, let alone 64 MB.
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes");
        assertFalse(inflater.holdsZlibState(), "zlib state is freed when the message fails");
    }

    // ---- corrupt data ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid block type (BTYPE=11)          | ff ff ff ff",
            "stored block with LEN != ~NLEN         | 00 05 00 05 00 48 65 6c 6c 6f",
            "distance beyond anything produced      | f2 00 11 00 00",
    })
    void rejectsCorruptDataWith1007(String what, String payload) {
        MessageInflater inflater = new MessageInflater(false, 1024);
        ProtocolViolation v = assertThrows(ProtocolViolation.class,
                () -> inflater.inflate(bytes(payload), true, NO_LIMIT, sink));
        assertEquals(CloseCodes.INVALID_PAYLOAD, v.closeCode());
        assertTrue(v.getMessage().startsWith("invalid permessage-deflate data"), v::getMessage);
    }

    // ---- memory and lifecycle --------------------------------------------------------------------

    @Test
    void createsZlibStateOnlyForTheFirstCompressedMessage() {
        MessageInflater inflater = new MessageInflater(false, 1024);
        assertFalse(inflater.holdsZlibState());
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        assertTrue(inflater.holdsZlibState(), "context takeover keeps the window");
    }

    @Test
    void freesZlibStateAfterEachMessageWhenPeerResetsContext() {
        MessageInflater inflater = new MessageInflater(true, 1024);
        inflater.inflate(bytes("f2 48 cd"), false, NO_LIMIT, sink);
        assertTrue(inflater.holdsZlibState(), "held within a message");
        inflater.inflate(bytes("c9 c9 07 00"), true, NO_LIMIT, sink);
        assertFalse(inflater.holdsZlibState(), "freed between messages");
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        assertEquals("HelloHello", sink.text());
    }

    @Test
    void releaseIsIdempotentAndRefusesLaterUse() {
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, sink);
        inflater.release();
        inflater.release();
        assertFalse(inflater.holdsZlibState());
        assertThrows(IllegalStateException.class, () -> inflater.inflate(bytes("00"), true, NO_LIMIT, sink));
    }

    @Test
    void releaseDoesNotWaitForAConsumerThatBlocks() throws Exception {
        MessageInflater inflater = new MessageInflater(false, 1024);
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                inflater.inflate(bytes("f2 48 cd c9 c9 07 00"), true, NO_LIMIT, chunk -> {
                    inSink.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        assertTrue(inSink.await(10, TimeUnit.SECONDS));

        // A hang guard, not a timing assertion: release() must return while the consumer blocks.
        assertTimeoutPreemptively(Duration.ofSeconds(10), inflater::release);
        assertTrue(inflater.holdsZlibState(), "the inflating thread still uses zlib");

        letGo.countDown();
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertEquals(null, failure.get());
        assertFalse(inflater.holdsZlibState(), "freed by the inflating thread as it left");
        assertThrows(IllegalStateException.class, () -> inflater.inflate(bytes("00"), true, NO_LIMIT, sink));
    }

    @Test
    void releaseBeforeAnyMessageIsHarmless() {
        MessageInflater inflater = new MessageInflater(false, 1024);
        inflater.release();
        assertFalse(inflater.holdsZlibState());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Compresses with the JDK directly (not our deflater), the RFC 7692 way: sync flush, tail removed. */
    static byte[] compress(byte[] plain) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(6, true);
        deflater.setInput(plain);
        byte[] out = new byte[plain.length + 1024];
        int n = deflater.deflate(out, 0, out.length, java.util.zip.Deflater.SYNC_FLUSH);
        deflater.end();
        assertTrue(n >= 4 && n < out.length);
        assertArrayEquals(hex("00 00 ff ff"), Arrays.copyOfRange(out, n - 4, n));
        return Arrays.copyOf(out, n - 4);
    }

    static byte[] compressZeros(int count) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        byte[] zeros = new byte[64 * 1024];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        for (int left = count; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, Math.min(left, zeros.length));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, java.util.zip.Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
            if (n < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
