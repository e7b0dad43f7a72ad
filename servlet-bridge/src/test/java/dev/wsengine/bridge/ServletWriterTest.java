package dev.wsengine.bridge;

import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServletWriterTest {

    private final FakeConnection.Output out = new FakeConnection.Output();
    private final ServletWriter writer = new ServletWriter(out);

    {
        out.setWriteListener(writer);
    }

    private CompletableFuture<Void> write(ByteBuffer... buffers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.write(new WriteCallback() {
            @Override
            public void completed() {
                done.complete(null);
            }

            @Override
            public void failed(Throwable cause) {
                done.completeExceptionally(cause);
            }
        }, buffers);
        return done;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(US_ASCII));
    }

    @Test
    void completesInlineWhenTheContainerTakesEverythingAtOnce() {
        CompletableFuture<Void> done = write(ascii("head"), ascii("body"));
        assertTrue(done.isDone());
        assertEquals("headbody", new String(out.bytes(), US_ASCII));
        assertEquals(1, out.flushes);
    }

    @Test
    void continuesInOnWritePossibleAndCompletesOnlyWhenAllIsWrittenAndFlushed() throws IOException {
        out.blockAfterWrites = 1;
        CompletableFuture<Void> done = write(ascii("one"), ascii("two"), ascii("three"));
        assertFalse(done.isDone());
        assertEquals("one", new String(out.bytes(), US_ASCII));
        out.blockAfterWrites = 1;
        out.becomeReady();
        assertFalse(done.isDone());
        out.becomeReady();
        assertTrue(done.isDone());
        assertEquals("onetwothree", new String(out.bytes(), US_ASCII));
        assertEquals(1, out.flushes);
    }

    @Test
    void copiesADirectBufferThroughOneReusedArrayWhenTheContainerHasOnlyTheDefault() {
        ByteBuffer direct = ByteBuffer.allocateDirect(40_000);
        for (int i = 0; i < direct.capacity(); i++) {
            direct.put((byte) i);
        }
        direct.flip();
        CompletableFuture<Void> done = write(direct);
        assertTrue(done.isDone());
        assertEquals(40_000, out.bytes().length);
        assertEquals(3, out.arrayWrites, "16 KiB pieces");
        assertEquals((byte) 39_999, out.bytes()[39_999]);
        assertFalse(direct.hasRemaining());
    }

    @Test
    void refusesASecondWriteWhileOneIsInFlight() {
        out.ready = false;
        write(ascii("first"));
        assertThrows(IllegalStateException.class, () -> write(ascii("second")));
    }

    @Test
    void anErrorFailsTheWriteInFlightAndEveryLaterOne() {
        out.ready = false;
        CompletableFuture<Void> pending = write(ascii("lost"));
        writer.onError(new IOException("reset"));
        assertTrue(pending.isCompletedExceptionally());
        out.ready = true;
        assertTrue(write(ascii("later")).isCompletedExceptionally());
        assertEquals(0, out.bytes().length);
    }

    @Test
    void whenIdleRunsAfterTheWriteInFlight() throws IOException {
        out.ready = false;
        CompletableFuture<Void> pending = write(ascii("x"));
        boolean[] ran = {false};
        writer.whenIdle(() -> ran[0] = pending.isDone());
        assertFalse(ran[0]);
        out.becomeReady();
        assertTrue(ran[0], "ran after the callback");
    }

    /** Like Undertow 2.3's non-blocking upgrade stream: {@code off} and {@code len} are ignored. */
    private static final class WholeArrayOutput extends FakeConnection.Output {
        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, 0, b.length);
        }
    }

    @Test
    void givesAContainerThatWritesWholeArraysExactlyTheBytesOfEachBuffer() {
        WholeArrayOutput whole = new WholeArrayOutput();
        ServletWriter rangeless = new ServletWriter(whole, false);
        whole.setWriteListener(rangeless);
        ByteBuffer slice = ByteBuffer.wrap("xxheadyy".getBytes(US_ASCII), 2, 4);
        ByteBuffer direct = ByteBuffer.allocateDirect(64).put("body".getBytes(US_ASCII)).flip();
        ByteBuffer exact = ascii("tail");
        CompletableFuture<Void> done = new CompletableFuture<>();
        rangeless.write(new WriteCallback() {
            @Override
            public void completed() {
                done.complete(null);
            }

            @Override
            public void failed(Throwable cause) {
                done.completeExceptionally(cause);
            }
        }, slice, direct, exact);
        assertTrue(done.isDone() && !done.isCompletedExceptionally());
        assertEquals("headbodytail", new String(whole.bytes(), US_ASCII));
    }

    @Test
    void trustsTheRangeOfEveryContainerButUndertow() {
        assertTrue(ServletWriter.honoursArrayRange(out));
    }
}
