package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.framing.Opcode;
import dev.wsengine.transport.Transport;
import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outgoing queue against slow peers: sliced writes, high and low water, bounds, dropping. */
class FrameFlusherBackPressureTest {

    private final FrameEncoder encoder = new FrameEncoder(false, new FrameBufferPool(4));
    private final SliceRecorder transport = new SliceRecorder();
    private final List<Boolean> pressure = new ArrayList<>();

    private FrameFlusher flusher(SendLimits limits) {
        FrameFlusher flusher = new FrameFlusher(limits, FrameBufferPool.shared(), pressure::add);
        flusher.attach(transport);
        return flusher;
    }

    private FrameFlusher.Frame binary(int size, WriteCallback callback) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31);
        }
        return encoder.encode(Opcode.BINARY, true, ByteBuffer.wrap(payload), callback);
    }

    @Test
    void aLargeFrameIsWrittenInBoundedSlicesWithoutRecursingThroughInlineCompletions() {
        FrameFlusher flusher = flusher(SendLimits.defaults());
        SendFuture done = new SendFuture();
        FrameFlusher.Frame frame = binary(3 * 1024 * 1024 + 17, done);
        byte[] expected = concat(frame.buffers());
        flusher.enqueueData(frame);

        assertTrue(done.isDone() && !done.isCompletedExceptionally());
        assertArrayEquals(expected, transport.written.toByteArray());
        assertTrue(transport.sizes.size() >= expected.length / FrameFlusher.WRITE_SLICE, "written in slices");
        assertTrue(transport.sizes.stream().allMatch(n -> n <= FrameFlusher.WRITE_SLICE),
                "no write above " + FrameFlusher.WRITE_SLICE + " bytes: " + transport.sizes);
        int deepest = transport.depths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int shallowest = transport.depths.stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertTrue(deepest - shallowest < 10, "slices completed inline must not nest: stack depths "
                + shallowest + " to " + deepest);
        assertEquals(List.of(true, false), pressure, "3 MiB crossed the 1 MiB mark and drained");
    }

    @Test
    void crossingTheHighWaterMarkAndDrainingToTheLowOneAreReported() {
        transport.hold = true;
        FrameFlusher flusher = flusher(SendLimits.builder().highWaterBytes(1000).lowWaterBytes(100).build());
        flusher.enqueueData(binary(600, new SendFuture()));   // in flight
        assertEquals(List.of(), pressure);
        flusher.enqueueData(binary(600, new SendFuture()));   // 1,208 waiting
        assertEquals(List.of(true), pressure);
        assertTrue(flusher.isAboveHighWater());
        assertTrue(flusher.stalledNanos() > 0, "bytes wait and nothing was written");

        transport.completeHeld();                            // 604 still waiting: above the low mark
        assertEquals(List.of(true), pressure);
        transport.completeHeld();
        assertEquals(List.of(true, false), pressure);
        assertFalse(flusher.isAboveHighWater());
        assertEquals(0, flusher.stalledNanos());
    }

    @Test
    void dataFramesBeyondTheFrameBoundAreRefusedButControlFramesAreNot() {
        transport.hold = true;
        FrameFlusher flusher = flusher(SendLimits.builder().maxQueuedFrames(2).build());
        flusher.enqueueData(binary(10, new SendFuture()));   // in flight, not queued
        flusher.enqueueData(binary(10, new SendFuture()));
        flusher.enqueueData(binary(10, new SendFuture()));
        SendFuture refused = new SendFuture();
        flusher.enqueueData(binary(10, refused));
        assertTrue(refused.isCompletedExceptionally());
        IOException e = assertThrows(refused);
        assertTrue(e.getMessage().contains("limit 2"), e.getMessage());
        SendFuture close = new SendFuture();
        flusher.enqueueControl(encoder.encode(Opcode.CLOSE, true, ByteBuffer.allocate(0), close));
        assertFalse(close.isDone(), "queued, not refused");
    }

    @Test
    void droppingTheQueueKeepsTheFrameBeingWrittenAndWhatIsQueuedAfter() {
        transport.hold = true;
        FrameFlusher flusher = flusher(SendLimits.defaults());
        SendFuture inFlight = new SendFuture();
        SendFuture queued = new SendFuture();
        flusher.enqueueData(binary(2000, inFlight));
        flusher.enqueueData(binary(2000, queued));
        IOException cause = new IOException("slow peer");
        flusher.dropQueued(cause);
        assertSame(cause, failureOf(queued));
        assertFalse(inFlight.isDone());

        SendFuture close = new SendFuture();
        flusher.enqueueControl(encoder.encode(Opcode.CLOSE, true, ByteBuffer.wrap(new byte[] {3, (byte) 0xf0}), close));
        transport.completeHeld();
        assertTrue(inFlight.isDone() && !inFlight.isCompletedExceptionally());
        transport.completeHeld();
        assertTrue(close.isDone() && !close.isCompletedExceptionally());
        byte[] all = transport.written.toByteArray();
        assertArrayEquals(new byte[] {(byte) 0x88, 2, 3, (byte) 0xf0}, java.util.Arrays.copyOfRange(all, all.length - 4, all.length),
                "the Close follows the frame that was being written");
        assertEquals(2004 + 4, all.length);
    }

    private static void assertSame(Object expected, Object actual) {
        org.junit.jupiter.api.Assertions.assertSame(expected, actual);
    }

    private static Throwable failureOf(SendFuture f) {
        try {
            f.await(0);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static IOException assertThrows(SendFuture f) {
        Throwable t = failureOf(f);
        return assertInstanceOf(IOException.class, t);
    }

    private static byte[] concat(ByteBuffer[] buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Completes every write inline (unless holding), recording its size and the caller's stack depth. */
    private static final class SliceRecorder implements Transport {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        final List<Integer> depths = new ArrayList<>();
        boolean hold;
        private final List<WriteCallback> held = new ArrayList<>();

        @Override
        public void write(WriteCallback callback, ByteBuffer... buffers) {
            int size = 0;
            for (ByteBuffer b : buffers) {
                size += b.remaining();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                written.writeBytes(bytes);
            }
            sizes.add(size);
            depths.add(Thread.currentThread().getStackTrace().length);
            if (hold) {
                held.add(callback);
            } else {
                callback.completed();
            }
        }

        void completeHeld() {
            assertEquals(1, held.size(), "one write in flight at a time");
            held.remove(0).completed();
        }

        @Override
        public void suspendReading() {
        }

        @Override
        public void resumeReading() {
        }

        @Override
        public void close(boolean abort) {
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public InetSocketAddress localAddress() {
            return null;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }
    }
}
