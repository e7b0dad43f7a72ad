package dev.wsengine.session;

import dev.wsengine.session.CloseHandshake.Received;
import dev.wsengine.session.CloseHandshake.Sent;
import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transitions of the close handshake, each direction, crossing Closes, timeouts and failed writes. */
class CloseHandshakeTest {

    /** Long enough never to fire during a test that does not wait for it. */
    private static final long NEVER_MS = 60_000;
    private static final ByteBuffer OURS = ByteBuffer.wrap(new byte[] {0x03, (byte) 0xe8});
    private static final ByteBuffer ANSWER = ByteBuffer.wrap(new byte[] {0x0f, (byte) 0xa1});

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Wire wire = new Wire();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** Records the Close frames queued (with their write callbacks) and how TCP went. */
    private static class Wire implements CloseHandshake.Connection {
        final List<ByteBuffer> closes = new ArrayList<>();
        final List<WriteCallback> writes = new ArrayList<>();
        final BlockingQueue<String> tcp = new LinkedBlockingQueue<>();

        @Override
        public synchronized void sendClose(ByteBuffer payload, WriteCallback written) {
            closes.add(payload);
            writes.add(written);
        }

        @Override
        public void closeTcp(CloseHandshake.TcpEnd end) {
            tcp.add(switch (end) {
                case ABORT -> "abort";
                case AFTER_WRITES -> "drain";       // the peer may still be sending
                case HANDSHAKE_DONE -> "close";
            });
        }

        synchronized WriteCallback write(int i) {
            return writes.get(i);
        }

        String nextTcp() throws InterruptedException {
            String how = tcp.poll(5, TimeUnit.SECONDS);
            if (how == null) {
                throw new AssertionError("TCP not closed within 5 s");
            }
            return how;
        }
    }

    private CloseHandshake handshake(boolean client, long closeTimeoutMs) {
        return new CloseHandshake(wire, client, closeTimeoutMs, scheduler, Runnable::run);
    }

    @Test
    void serverStartsAndClosesTcpOnceBothClosesHaveCrossed() {
        CloseHandshake h = handshake(false, NEVER_MS);
        assertTrue(h.isOpen());
        assertTrue(h.start(OURS, () -> { }));
        assertEquals(Sent.QUEUED, h.sent());
        assertFalse(h.isOpen());
        assertFalse(h.isClosed(), "the peer's Close is still awaited");
        wire.write(0).completed();
        assertEquals(Sent.WRITTEN, h.sent());
        assertTrue(wire.tcp.isEmpty(), "TCP stays until the peer answers");
        h.onPeerClose(ANSWER);
        assertEquals(Received.RECEIVED, h.received());
        assertTrue(h.isClosed());
        assertEquals(List.of("close"), List.copyOf(wire.tcp));
        assertEquals(1, wire.closes.size(), "no second Close after ours");
    }

    @Test
    void serverAnswersThePeersCloseAndClosesTcpOnceTheAnswerIsWritten() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.onPeerClose(ANSWER);
        assertEquals(Received.RECEIVED, h.received());
        assertEquals(Sent.QUEUED, h.sent());
        assertEquals(List.of(ANSWER), wire.closes);
        assertTrue(wire.tcp.isEmpty(), "TCP waits for the answer to be written");
        wire.write(0).completed();
        assertEquals(Sent.WRITTEN, h.sent());
        assertEquals(List.of("close"), List.copyOf(wire.tcp));
    }

    @Test
    void clientLeavesTcpToTheServerThenAbortsAfterTheCloseTimeout() throws Exception {
        CloseHandshake h = handshake(true, 20);
        h.onPeerClose(ANSWER);
        wire.write(0).completed();
        assertEquals("abort", wire.nextTcp(), "the server did not close TCP within the close timeout");
        assertNull(wire.tcp.poll(100, TimeUnit.MILLISECONDS), "TCP goes once");
    }

    @Test
    void serverAnswerThePeerDoesNotReadIsAbortedAfterTheCloseTimeout() throws Exception {
        CloseHandshake h = handshake(false, 20);
        h.onPeerClose(ANSWER);                // the answer is queued and never written
        assertEquals("abort", wire.nextTcp(), "the write of our answer is bounded by the close timeout");
        assertTrue(h.isClosed());
    }

    @Test
    void serverAnswerWrittenWithinItsSendNeedsNoTimer() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1); // keeps cancelled tasks queued
        try {
            Wire inline = new Wire() {
                @Override
                public synchronized void sendClose(ByteBuffer payload, WriteCallback written) {
                    super.sendClose(payload, written);
                    written.completed();      // as a transport whose socket takes it at once
                }
            };
            CloseHandshake h = new CloseHandshake(inline, false, NEVER_MS, timers, Runnable::run);
            h.onPeerClose(ANSWER);
            assertEquals(List.of("close"), List.copyOf(inline.tcp));
            assertEquals(0, timers.getQueue().size(), "no close timer was scheduled");
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void crossingClosesSendOnlyOursAndCloseTcpOnceItIsWritten() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.start(OURS, () -> { });
        h.onPeerClose(ANSWER);
        assertEquals(List.of(OURS), wire.closes, "ours, queued first, is the answer");
        assertTrue(wire.tcp.isEmpty(), "our Close is not written yet");
        wire.write(0).completed();
        assertEquals(List.of("close"), List.copyOf(wire.tcp));
    }

    @Test
    void peerThatNeverAnswersIsAbortedAfterTheCloseTimeout() throws Exception {
        CloseHandshake h = handshake(false, 20);
        h.start(OURS, () -> { });
        wire.write(0).completed();
        assertEquals("abort", wire.nextTcp());
        assertTrue(h.isClosed());
    }

    @Test
    void closeThatCannotBeWrittenAbortsAtOnce() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.start(OURS, () -> { });
        wire.write(0).failed(new IOException("broken pipe"));
        assertEquals(List.of("abort"), List.copyOf(wire.tcp));
        assertTrue(h.isClosed());
        h.onPeerClose(ANSWER);
        assertEquals(1, wire.tcp.size(), "nothing more once TCP is gone");
    }

    @Test
    void failureSendsItsCloseThenTcpWithoutWaitingForAnAnswer() {
        CloseHandshake h = handshake(false, NEVER_MS);
        List<String> order = new ArrayList<>();
        assertTrue(h.fail(OURS, () -> order.add("before send, closes queued: " + wire.closes.size()
                + ", open: " + h.isOpen())));
        assertEquals(List.of("before send, closes queued: 0, open: false"), order);
        assertTrue(h.isClosed(), "a failed connection reads nothing more");
        assertTrue(wire.tcp.isEmpty());
        wire.write(0).completed();
        assertEquals(List.of("drain"), List.copyOf(wire.tcp), "the peer, whose Close never came, may still be sending");
    }

    @Test
    void failureWhileOurCloseIsWrittenClosesTcpAtOnce() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.start(OURS, () -> { });
        wire.write(0).completed();
        List<String> order = new ArrayList<>();
        assertFalse(h.fail(ANSWER, () -> order.add("ran")), "the session was no longer open");
        assertEquals(List.of(), order, "what runs before the Close is for a session that was open");
        assertEquals(1, wire.closes.size());
        assertEquals(List.of("drain"), List.copyOf(wire.tcp), "the peer's Close never came");
    }

    @Test
    void failureAfterBothClosesCrossedClosesTcpWithNothingToDrain() {
        CloseHandshake h = handshake(true, NEVER_MS); // a client waits for the server's TCP close
        h.start(OURS, () -> { });
        wire.write(0).completed();
        h.onPeerClose(ANSWER);
        assertTrue(wire.tcp.isEmpty(), "a client leaves the TCP close to the server");
        assertFalse(h.fail(OURS, null));
        assertEquals(List.of("close"), List.copyOf(wire.tcp), "the peer's Close came: it sends nothing more");
    }

    @Test
    void failIfOpenLeavesAHandshakeUnderWayToItsTimer() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.start(OURS, () -> { });
        List<String> ran = new ArrayList<>();
        assertFalse(h.failIfOpen(ANSWER, () -> ran.add("ran")));
        assertTrue(ran.isEmpty());
        assertEquals(1, wire.closes.size());
        assertFalse(h.isClosed());
    }

    @Test
    void startAfterThePeersCloseDoesNothing() {
        CloseHandshake h = handshake(false, NEVER_MS);
        h.onPeerClose(ANSWER);
        assertFalse(h.start(OURS, () -> { throw new AssertionError("must not run"); }));
        assertEquals(List.of(ANSWER), wire.closes);
    }

    @Test
    void tcpGoneStopsTheTimer() throws Exception {
        CloseHandshake h = handshake(false, 20);
        h.start(OURS, () -> { });
        h.onTcpGone();
        // A task scheduled after the close timeout has run: the timer, had it fired, would have closed TCP.
        scheduler.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertTrue(wire.tcp.isEmpty());
        assertTrue(h.isClosed());
        assertFalse(h.isOpen());
    }
}
