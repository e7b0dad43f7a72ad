package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.InMemoryTransport;
import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the slab of a pooled frame may go back to the pool: only once no transport can read it. */
class FrameFlusherTest {

    private final FrameBufferPool pool = new FrameBufferPool(4);
    private final FrameEncoder encoder = new FrameEncoder(false, pool);
    private final InMemoryTransport transport = new InMemoryTransport();

    private FrameFlusher.Frame text(String s, Outcome outcome) {
        return encoder.encode(Opcode.TEXT, true, ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), outcome);
    }

    @Test
    void aSmallFrameIsWrittenFromAPooledDirectSlab() {
        Outcome outcome = new Outcome();
        FrameFlusher.Frame frame = text("hi", outcome);
        assertNotNull(frame.slab());
        assertTrue(frame.buffers()[0].isDirect());
        assertArrayEquals(new byte[] {(byte) 0x81, 2, 'h', 'i'}, bytes(frame.buffers()[0]));
        assertEquals(4, frame.size());
    }

    @Test
    void largePayloadsAndFullPoolsUseNoSlab() {
        assertNull(encoder.encode(Opcode.BINARY, true, ByteBuffer.allocate(FrameEncoder.COPY_BELOW + 1), new Outcome()).slab(),
                "a large server payload goes out as it is, behind its own header");
        FrameEncoder client = new FrameEncoder(true, pool);
        assertNull(client.encode(Opcode.BINARY, true, ByteBuffer.allocate(FrameEncoder.COPY_BELOW + 1), new Outcome()).slab(),
                "a large client frame does not fit a slab and is masked into a heap buffer");
        for (int i = 0; i < 4; i++) {
            assertNotNull(text("x", new Outcome()).slab());
        }
        FrameFlusher.Frame overflow = text("over", new Outcome());
        assertNull(overflow.slab());
        assertFalse(overflow.buffers()[0].isDirect());
        assertArrayEquals(new byte[] {(byte) 0x81, 4, 'o', 'v', 'e', 'r'}, bytes(overflow.buffers()[0]));
    }

    @Test
    void theSlabGoesBackOnlyWhenTheTransportReportsTheWriteDone() {
        FrameFlusher flusher = attached();
        Outcome outcome = new Outcome();
        flusher.enqueueData(text("hello", outcome));
        assertEquals(7, transport.takeWritten().length);
        assertFalse(outcome.completed);
        assertEquals(1, pool.slabsOut(), "in flight: the transport owns the bytes");

        transport.releaseHeldWrite();
        assertTrue(outcome.completed);
        assertEquals(0, pool.slabsOut());
        assertEquals(1, pool.freeSlabs());
    }

    @Test
    void framesAbandonedInFlightAreForgottenNotReturned() {
        FrameFlusher flusher = attached();
        Outcome inFlight = new Outcome();
        Outcome queued = new Outcome();
        FrameFlusher.Frame first = text("first", inFlight);
        flusher.enqueueData(first);
        flusher.enqueueData(text("second", queued));
        assertEquals(2, pool.slabsOut());

        flusher.fail(new IOException("connection closed"));
        assertInstanceOf(IOException.class, inFlight.failure);
        assertInstanceOf(IOException.class, queued.failure);
        assertEquals(1, pool.freeSlabs(), "only the queued frame's slab comes back: the transport may still read the other");
        assertEquals(0, pool.slabsOut(), "the other is forgotten: the pool may make a new one in its place");
        transport.releaseHeldWrite(); // a late completion finds nothing to complete or release
        assertFalse(inFlight.completed);
        assertEquals(1, pool.freeSlabs());
        assertEquals(0, pool.slabsOut());

        ByteBuffer stillBeingWritten = first.slab();
        for (int i = 0; i < 4; i++) {
            FrameFlusher.Frame f = text("x", new Outcome());
            assertNotNull(f.slab(), "the pool may make four again");
            assertNotSame(stillBeingWritten, f.slab());
        }
    }

    @Test
    void aWriteTheTransportFailedGivesItsSlabBack() {
        FrameFlusher flusher = attached();
        Outcome outcome = new Outcome();
        flusher.enqueueData(text("lost", outcome));
        transport.failHeldWrite(new IOException("reset"));
        assertInstanceOf(IOException.class, outcome.failure);
        assertEquals(0, pool.slabsOut());
        assertEquals(1, pool.freeSlabs());
    }

    @Test
    void aFrameRefusedByAFullQueueGivesItsSlabBack() {
        FrameFlusher flusher = attached(8);                // the limit counts bytes in flight too
        flusher.enqueueData(text("ab", new Outcome()));  // 4 bytes in flight
        Outcome refused = new Outcome();
        flusher.enqueueData(text("cd", new Outcome()));  // 4 queued
        flusher.enqueueData(text("ef", refused));        // over the 8-byte limit
        assertInstanceOf(IOException.class, refused.failure);
        assertEquals(2, pool.slabsOut());
        assertEquals(1, pool.freeSlabs());
    }

    @Test
    void framesGatheredIntoOneWriteAllGoBackWhenItCompletes() {
        FrameFlusher flusher = attached();
        Outcome first = new Outcome();
        Outcome second = new Outcome();
        Outcome third = new Outcome();
        flusher.enqueueData(text("1", first));
        flusher.enqueueData(text("2", second));
        flusher.enqueueData(text("3", third));
        transport.takeWritten();
        transport.releaseHeldWrite();
        assertTrue(first.completed);
        assertArrayEquals(new byte[] {(byte) 0x81, 1, '2', (byte) 0x81, 1, '3'}, transport.takeWritten(),
                "the two queued frames went out together in the next write");
        assertFalse(second.completed);
        assertEquals(2, pool.slabsOut());
        transport.releaseHeldWrite();
        assertTrue(second.completed && third.completed);
        assertEquals(0, pool.slabsOut());
        assertEquals(3, pool.freeSlabs());
    }

    /** Replies are queued, not written at once: the Close must not overtake them (nothing may follow it). */
    @Test
    void aCloseGoesBehindTheDataQueuedBeforeItWhilePingsJumpAhead() {
        FrameFlusher flusher = attached();
        flusher.enqueueData(text("a", new Outcome()));
        transport.takeWritten();
        flusher.enqueueData(text("b", new Outcome()));
        flusher.enqueueClose(encoder.encode(Opcode.CLOSE, true, ByteBuffer.wrap(new byte[] {0x03, (byte) 0xE8}), new Outcome()));
        flusher.enqueueControl(encoder.encode(Opcode.PING, true, ByteBuffer.wrap(new byte[] {9}), new Outcome()));
        transport.releaseHeldWrite();
        assertArrayEquals(new byte[] {(byte) 0x89, 1, 9, (byte) 0x81, 1, 'b', (byte) 0x88, 2, 0x03, (byte) 0xE8},
                transport.takeWritten());
    }

    /** Ten Pings in a row get ten Pongs, in order, even while the peer is slow to read. */
    @Test
    void everyPingIsAnsweredWhileFewPongsWait() {
        FrameFlusher flusher = attached();
        flusher.enqueueData(text("held", new Outcome()));
        transport.takeWritten();
        Outcome pongs = new Outcome();
        for (int i = 0; i < 10; i++) {
            flusher.enqueuePong(encoder.encode(Opcode.PONG, true, ByteBuffer.wrap(new byte[] {(byte) i}), pongs));
        }
        transport.releaseHeldWrite();
        byte[] written = transport.takeWritten();
        assertEquals(30, written.length);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(new byte[] {(byte) 0x8A, 1, (byte) i}, Arrays.copyOfRange(written, 3 * i, 3 * i + 3));
        }
    }

    /**
     * A peer that pings without reading: the queue keeps a bounded number of Pongs, the newest
     * replaced, so that the most recent Ping is still answered.
     */
    @Test
    void pongsBeyondTheBoundReplaceTheNewestQueued() {
        FrameFlusher flusher = attached();
        Outcome pongs = new Outcome();
        flusher.enqueueData(text("held", new Outcome())); // in flight, the peer not reading
        transport.takeWritten();
        for (int i = 0; i < 10_000; i++) {
            byte[] ping = {(byte) (i >> 8), (byte) i};
            flusher.enqueuePong(encoder.encode(Opcode.PONG, true, ByteBuffer.wrap(ping), pongs));
        }
        Outcome other = new Outcome();
        flusher.enqueueControl(encoder.encode(Opcode.PING, true, ByteBuffer.wrap(new byte[] {7}), other));
        transport.releaseHeldWrite();
        byte[] written = transport.takeWritten();
        int pongBytes = 4 * FrameFlusher.MAX_QUEUED_PONGS;
        assertEquals(pongBytes + 3, written.length, "a bounded number of Pongs, then the application's Ping");
        for (int i = 0; i < FrameFlusher.MAX_QUEUED_PONGS - 1; i++) {
            assertArrayEquals(new byte[] {(byte) 0x8A, 2, 0, (byte) i}, Arrays.copyOfRange(written, 4 * i, 4 * i + 4));
        }
        assertArrayEquals(new byte[] {(byte) 0x8A, 2, (byte) (9_999 >> 8), (byte) 9_999, (byte) 0x89, 1, 7},
                Arrays.copyOfRange(written, pongBytes - 4, written.length), "the latest Ping is answered");
        transport.releaseHeldWrite();
        assertTrue(other.completed);
        assertEquals(0, pool.slabsOut(), "every replaced Pong gave its slab back");
    }

    private FrameFlusher attached() {
        return attached(SendLimits.DEFAULT_MAX_QUEUED_BYTES);
    }

    /** A flusher on {@link #transport}, which holds each write until the test completes or fails it. */
    private FrameFlusher attached(long maxQueuedBytes) {
        FrameFlusher flusher = new FrameFlusher(SendLimits.builder().highWaterBytes(Math.min(maxQueuedBytes, SendLimits.DEFAULT_HIGH_WATER_BYTES)).lowWaterBytes(0).maxQueuedBytes(maxQueuedBytes).build(), pool, high -> { });
        transport.holdWrites(true);
        flusher.attach(transport);
        return flusher;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static final class Outcome implements WriteCallback {
        boolean completed;
        Throwable failure;

        @Override
        public void completed() {
            completed = true;
        }

        @Override
        public void failed(Throwable cause) {
            failure = cause;
        }
    }
}
