package dev.wsengine.bridge;

import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The portable transport against a connection the test drives as the container would. */
class ServletTransportTest {

    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> new Thread(r, "delivery"));
    private final BufferPool pool = new BufferPool(ServletTransport.READ_CHUNK, 4);

    @AfterEach
    void stop() {
        delivery.shutdownNow();
    }

    /** Linger deadlines the tests fire themselves. */
    private final ManualTimer timer = new ManualTimer();

    private ServletTransport start(FakeConnection connection, RecordingHandler handler, long maxBacklog) {
        return start(connection, handler, maxBacklog, ContainerHooks.PORTABLE);
    }

    private ServletTransport start(FakeConnection connection, RecordingHandler handler, long maxBacklog,
                                   ContainerHooks closer) {
        ServletTransport transport = new ServletTransport(connection, handler,
                new ServletTransport.Settings(delivery, maxBacklog, pool, closer, timer),
                new ServletTransport.Endpoints(false, new InetSocketAddress(1), new InetSocketAddress(2)));
        transport.start();
        return transport;
    }

    /** Waits until every task handed to the delivery thread so far has run. */
    private void settle() throws Exception {
        delivery.submit(() -> { }).get(10, TimeUnit.SECONDS);
        delivery.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(FakeConnection.BufferReads.class)
    void deliversWhatTheContainerThreadReadOnTheDeliveryThreadInOrder(FakeConnection.BufferReads reads) throws Exception {
        FakeConnection connection = new FakeConnection(reads);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        connection.in.offer("hello ".getBytes(US_ASCII));
        connection.in.offer("world".getBytes(US_ASCII));
        transport.onDataAvailable(); // the container's thread: this test's
        settle();
        assertEquals("hello world", handler.text());
        assertEquals("open", handler.calls.get(0));
        assertTrue(handler.threads.stream().allMatch("delivery"::equals), handler.threads.toString());
    }

    @Test
    void readsIntoTheBuffersOwnArrayWhenTheContainerKeepsTheCopyingDefault() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        byte[] big = new byte[ServletTransport.READ_CHUNK + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        connection.in.offer(big);
        transport.onDataAvailable();
        settle();
        assertEquals(big.length, handler.text().length());
        assertEquals(2, connection.in.readCalls, "one read per chunk-sized buffer");
    }

    @Test
    void anIdleConnectionGivesItsReadBufferBackToThePool() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        for (int round = 0; round < 3; round++) {
            connection.in.offer("burst".getBytes(US_ASCII));
            transport.onDataAvailable();
            settle();
            assertEquals(1, pool.pooledCount(), "round " + round);
        }
        assertEquals("burstburstburst", handler.text());
    }

    @Test
    void reportsOnClosedOnceAndLastHoweverManyWaysTheConnectionEnds() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        connection.in.offer("last words".getBytes(US_ASCII));
        connection.in.endOfStream();
        transport.onDataAvailable();
        transport.onAllDataRead();
        transport.destroyed();
        transport.destroyed();
        handler.awaitClosed();
        settle();
        assertEquals(List.of("open", "data", "closed"), handler.calls);
        assertEquals("last words", handler.text());
        assertTrue(connection.closed);
    }

    @Test
    void aFailureEndsTheConnectionWithItsCauseAndFailsTheWriteInFlight() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        settle();
        connection.out.ready = false;
        CompletableFuture<Void> pending = write(transport, "lost");
        IOException reset = new IOException("connection reset");
        transport.onError(reset);
        handler.awaitClosed();
        assertTrue(pending.isCompletedExceptionally());
        assertEquals(reset, handler.closeCause);
        assertEquals(List.of("open", "closed"), handler.calls);
        assertTrue(connection.closed);
    }

    /** A handler whose application is busy elsewhere after each piece of data, until {@code release}. */
    private static RecordingHandler busyUntil(CountDownLatch release) {
        return new RecordingHandler() {
            @Override
            public void onData(ByteBuffer buffer) {
                super.onData(buffer);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void dropsAPeerThatSendsMoreThanTheApplicationConsumes() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = busyUntil(release);
        ServletTransport transport = start(connection, handler, 4L * ServletTransport.READ_CHUNK);
        for (int i = 0; i < 8; i++) {
            connection.in.offer(new byte[ServletTransport.READ_CHUNK]);
        }
        transport.onDataAvailable();
        release.countDown();
        handler.awaitClosed();
        assertInstanceOf(IOException.class, handler.closeCause);
        assertTrue(handler.closeCause.getMessage().contains("not consumed"), handler.closeCause.getMessage());
        assertTrue(connection.closed);
    }

    @Test
    void aHandlerThatClosesAnOverloadingPeerItselfKeepsTheConnectionAndDropsTheRest() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        List<String> overloads = new java.util.concurrent.CopyOnWriteArrayList<>();
        RecordingHandler busy = busyUntil(release);
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public void onData(ByteBuffer buffer) {
                busy.onData(buffer);
                super.onData(ByteBuffer.allocate(0));
            }

            @Override
            public boolean onOverload(String reason) {
                overloads.add(reason);
                return true;
            }
        };
        ServletTransport transport = start(connection, handler, 4L * ServletTransport.READ_CHUNK);
        for (int i = 0; i < 8; i++) {
            connection.in.offer(new byte[ServletTransport.READ_CHUNK]);
        }
        transport.onDataAvailable();
        assertEquals(1, overloads.size());
        assertTrue(overloads.get(0).contains("not consumed"), overloads.get(0));
        connection.in.offer(new byte[ServletTransport.READ_CHUNK]);
        transport.onDataAvailable();
        release.countDown();
        settle();
        assertFalse(connection.closed, "the handler closes it, after its Close frame");
        assertTrue(busy.data.size() <= 2L * ServletTransport.READ_CHUNK,
                "queued and later bytes were dropped: " + busy.data.size() + " delivered");
        transport.close(false);
        handler.awaitClosed();
        assertTrue(connection.closed);
    }

    /**
     * Tomcat reads at most 8 KiB at a time: while the application is behind, those pieces share
     * buffers instead of taking a 32 KiB buffer each, so the backlog counts about the bytes
     * received. 112 KiB behind a 128 KiB limit used to count as 448 KiB and drop the connection.
     */
    @Test
    void smallReadsWhileTheApplicationIsBehindShareBuffers() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler handler = busyUntil(release);
        ServletTransport transport = start(connection, handler, 4L * ServletTransport.READ_CHUNK);
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            String piece = Character.toString('a' + i).repeat(8 * 1024);
            sent.append(piece);
            connection.in.offer(piece.getBytes(US_ASCII));
            transport.onDataAvailable();
        }
        release.countDown();
        settle();
        assertNull(handler.closeCause, "not dropped");
        assertEquals(sent.toString(), handler.text(), "every byte, in order");
    }

    @Test
    void deliversNothingWhileSuspendedAndEverythingAfterResuming() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        settle();
        transport.suspendReading();
        connection.in.offer("held".getBytes(US_ASCII));
        transport.onDataAvailable();
        settle();
        assertEquals("", handler.text());
        transport.resumeReading();
        settle();
        assertEquals("held", handler.text());
    }

    /**
     * A container that can pause reading, as Tomcat and Undertow can through their hooks: a
     * resume is a read event that this test's "container thread" delivers, serialized like a
     * container's own calls.
     */
    private static final class PausingContainer implements ContainerHooks {
        final ExecutorService containerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "container"));
        volatile ServletTransport transport;
        volatile int pausedCalls;
        volatile int resumeCalls;
        /** Runs inside readingPaused, to place an event between the pause's check and its flag. */
        volatile Runnable duringPause = () -> { };

        @Override
        public boolean canPauseReading() {
            return true;
        }

        @Override
        public void readingPaused(jakarta.servlet.http.WebConnection connection) {
            pausedCalls++;
            duringPause.run();
        }

        @Override
        public void resumeReading(jakarta.servlet.http.WebConnection connection) {
            resumeCalls++;
            containerThread.execute(() -> transport.onDataAvailable());
        }

        /** Waits until every read event asked for so far has run. */
        void settle() throws Exception {
            containerThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    private ServletTransport startPausing(FakeConnection connection, RecordingHandler handler, PausingContainer container) {
        ServletTransport transport = start(connection, handler, 1 << 20, container);
        container.transport = transport;
        return transport;
    }

    /**
     * The classic hang: the peer's message waits in the container's buffer when reading pauses,
     * and the peer sends nothing more. The resume itself must bring the container back to it.
     */
    @Test
    void whileSuspendedTheBytesStayInTheContainerAndTheResumeReadsThemWithoutNewBytes() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        PausingContainer container = new PausingContainer();
        try {
            ServletTransport transport = startPausing(connection, handler, container);
            connection.in.offer("first ".getBytes(US_ASCII));
            transport.onDataAvailable();
            settle();
            transport.suspendReading();
            connection.in.offer("rest of the message".getBytes(US_ASCII));
            transport.onDataAvailable();
            settle();
            assertEquals(1, connection.in.readCalls, "read while suspended");
            assertTrue(connection.in.isReady(), "the bytes are still the container's");
            assertEquals(1, container.pausedCalls);
            assertEquals(1, transport.pauses());
            assertEquals("first ", handler.text());

            transport.resumeReading();
            settle();
            container.settle();
            settle();
            assertEquals(1, container.resumeCalls);
            assertEquals("first rest of the message", handler.text());
            assertFalse(connection.in.isReady());
        } finally {
            container.containerThread.shutdownNow();
        }
    }

    /** A resume between the pause's check of the flag and its announcement still reaches the container, once. */
    @Test
    void aResumeThatRacesThePauseIsNotLost() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        PausingContainer container = new PausingContainer();
        try {
            ServletTransport transport = startPausing(connection, handler, container);
            settle();
            transport.suspendReading();
            container.duringPause = transport::resumeReading;
            connection.in.offer("not lost".getBytes(US_ASCII));
            transport.onDataAvailable();
            container.duringPause = () -> { };
            settle();
            container.settle();
            settle();
            assertEquals(1, container.resumeCalls, "asked the container once");
            assertEquals("not lost", handler.text());
        } finally {
            container.containerThread.shutdownNow();
        }
    }

    @Test
    void resumingTwiceAsksTheContainerOnceAndResumingUnpausedAsksNothing() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        PausingContainer container = new PausingContainer();
        try {
            ServletTransport transport = startPausing(connection, handler, container);
            settle();
            transport.suspendReading();
            transport.resumeReading(); // nothing was paused yet
            settle();
            assertEquals(0, container.resumeCalls);
            transport.suspendReading();
            connection.in.offer("once".getBytes(US_ASCII));
            transport.onDataAvailable();
            transport.resumeReading();
            transport.resumeReading();
            settle();
            container.settle();
            settle();
            assertEquals(1, container.resumeCalls);
            assertEquals("once", handler.text());
        } finally {
            container.containerThread.shutdownNow();
        }
    }

    /** A closing transport reads and drops until the peer's end: a pause ends with the close. */
    @Test
    void aCloseEndsThePauseSoThatTheTransportDrainsUntilThePeersEnd() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        PausingContainer container = new PausingContainer();
        try {
            ServletTransport transport = startPausing(connection, handler, container);
            settle();
            transport.suspendReading();
            connection.in.offer("unwanted".getBytes(US_ASCII));
            transport.onDataAvailable();
            assertEquals(1, transport.pauses());
            transport.close(true);
            settle();
            container.settle();
            assertEquals(1, container.resumeCalls);
            assertFalse(connection.in.isReady(), "drained");
            handler.awaitClosed();
            assertEquals("", handler.text());
        } finally {
            container.containerThread.shutdownNow();
        }
    }

    /** Reading runs at most a read-ahead before a busy application, and goes on as it catches up. */
    @Test
    void readingPausesAReadAheadBeforeABusyApplicationAndResumesAsItCatchesUp() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler busy = busyUntil(release);
        PausingContainer container = new PausingContainer();
        try {
            ServletTransport transport = startPausing(connection, busy, container);
            settle();
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                String chunk = Character.toString('a' + i).repeat(ServletTransport.READ_CHUNK);
                sent.append(chunk);
                connection.in.offer(chunk.getBytes(US_ASCII));
            }
            transport.onDataAvailable();
            container.settle(); // the delivery may have taken one buffer before the application blocked: a resume
            assertTrue(transport.pauses() >= 1, "never paused");
            assertTrue(transport.backlogBytes() <= ServletTransport.READ_AHEAD,
                    "queued " + transport.backlogBytes());
            assertTrue(connection.in.isReady(), "the rest is still the container's");
            release.countDown();
            for (int i = 0; i < 20 && busy.text().length() < sent.length(); i++) {
                settle();
                container.settle();
            }
            assertEquals(sent.toString(), busy.text(), "every byte, in order");
            assertNull(busy.closeCause);
        } finally {
            container.containerThread.shutdownNow();
        }
    }

    /** Without hooks that can pause, suspending stops only the delivery; reading goes on into the backlog. */
    @Test
    void withoutPausingHooksReadingGoesOnIntoTheBacklogWhileSuspended() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        settle();
        transport.suspendReading();
        connection.in.offer("read anyway".getBytes(US_ASCII));
        transport.onDataAvailable();
        assertFalse(connection.in.isReady(), "read from the container");
        assertEquals(0, transport.pauses());
        settle();
        assertEquals("", handler.text());
        transport.resumeReading();
        settle();
        assertEquals("read anyway", handler.text());
    }

    @Test
    void aGracefulCloseWaitsForTheWriteInFlight() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        settle();
        connection.out.ready = false;
        CompletableFuture<Void> written = write(transport, "close frame");
        transport.close(false);
        settle();
        assertFalse(connection.closed, "closed before the write in flight was out");
        assertFalse(written.isDone());
        connection.out.becomeReady();
        written.get(10, TimeUnit.SECONDS);
        handler.awaitClosed();
        assertTrue(connection.closed);
        assertEquals("close frame", new String(connection.out.bytes(), US_ASCII));
        assertNull(handler.closeCause);
    }

    /** A container that can shut our output, as Tomcat's closer can. */
    private static final class HalfClosing implements ContainerHooks {
        volatile boolean outputShut;

        @Override
        public void close(jakarta.servlet.http.WebConnection connection) throws Exception {
            connection.close();
        }

        @Override
        public boolean shutdownOutput(jakarta.servlet.http.WebConnection connection) {
            outputShut = true;
            return true;
        }
    }

    @Test
    void aGracefulCloseShutsOurOutputAndDrainsUntilThePeersEnd() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        HalfClosing closer = new HalfClosing();
        ServletTransport transport = start(connection, handler, 1 << 20, closer);
        settle();
        write(transport, "close frame").get(10, TimeUnit.SECONDS);
        transport.close(false);
        settle();
        assertTrue(closer.outputShut, "a FIN first");
        assertFalse(connection.closed, "still reading what the peer sends");
        connection.in.offer("payload the peer was still writing".getBytes(US_ASCII));
        transport.onDataAvailable();
        settle();
        assertFalse(connection.closed);
        assertEquals("", handler.text(), "nobody wants bytes read while closing");
        connection.in.endOfStream();
        transport.onAllDataRead();
        handler.awaitClosed();
        assertTrue(connection.closed, "closed once the peer's end arrived");
        assertNull(handler.closeCause);
    }

    @Test
    void aPeerThatNeverEndsIsClosedWhenTheLingerTimeIsUp() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20, new HalfClosing());
        settle();
        transport.close(false);
        settle();
        assertFalse(connection.closed);
        assertEquals(ServletTransport.LINGER_MS, timer.delayMs);
        timer.fire();
        handler.awaitClosed();
        assertTrue(connection.closed);
    }

    @Test
    void anAbortFailsTheWriteInFlightAndClosesAtOnce() throws Exception {
        FakeConnection connection = new FakeConnection(FakeConnection.BufferReads.DEFAULT);
        RecordingHandler handler = new RecordingHandler();
        ServletTransport transport = start(connection, handler, 1 << 20);
        settle();
        connection.out.ready = false;
        CompletableFuture<Void> written = write(transport, "never");
        transport.close(true);
        assertTrue(connection.closed);
        assertTrue(written.isCompletedExceptionally());
        handler.awaitClosed();
        assertTrue(write(transport, "after close").isCompletedExceptionally());
    }

    static CompletableFuture<Void> write(dev.wsengine.transport.Transport transport, String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        transport.write(new WriteCallback() {
            @Override
            public void completed() {
                done.complete(null);
            }

            @Override
            public void failed(Throwable cause) {
                done.completeExceptionally(cause);
            }
        }, ByteBuffer.wrap(text.getBytes(US_ASCII)));
        return done;
    }

    /** Keeps the one task scheduled; the test runs it when it pleases. */
    private static final class ManualTimer extends java.util.concurrent.ScheduledThreadPoolExecutor {
        volatile Runnable task;
        volatile long delayMs;

        ManualTimer() {
            super(1);
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            task = command;
            delayMs = unit.toMillis(delay);
            return null;
        }

        void fire() {
            task.run();
        }
    }
}
