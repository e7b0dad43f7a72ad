package dev.wsengine.session;

import dev.wsengine.transport.WriteCallback;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The close handshake of one connection (RFC 6455 sections 5.5.1, 7.1): what we have sent, what
 * we have received, and when TCP goes. Every way a connection ends from our side comes through
 * here, so that the peer hears a Close with a code and a reason before TCP goes.
 *
 * <pre>
 *   sent:     NOTHING ──Close queued──▶ QUEUED ──its bytes written──▶ WRITTEN
 *   received: NOTHING ──peer's Close──▶ RECEIVED
 * </pre>
 * TCP goes:
 * <ul>
 *   <li>on the server, as soon as our Close is WRITTEN and the peer's RECEIVED (the server closes
 *       TCP first, section 7.1.1);</li>
 *   <li>on the client, once both have crossed, after the close timeout if the server has not
 *       closed TCP by then;</li>
 *   <li>once our Close is WRITTEN when we {@linkplain #fail failed} the connection (a protocol
 *       violation, a peer that does not read, a peer that stopped answering): its answer is not
 *       awaited (section 7.1.7);</li>
 *   <li>at once, as an abort, when our Close cannot be written, or when the close timeout passes
 *       after our Close was queued without the step above happening (a peer that never answers
 *       or never reads).</li>
 * </ul>
 * The application side (onClose, what it is told) stays with {@link WsSession}; this class only
 * decides the wire. Thread-safe: decisions are taken under the object's lock, the Close frame is
 * queued and TCP closed outside it, so that a write completing on another thread, which calls
 * back in here, never waits for a lock held by a thread waiting for the writer.
 */
final class CloseHandshake {

    enum Sent { NOTHING, QUEUED, WRITTEN }

    enum Received { NOTHING, RECEIVED }

    /** How TCP is let go. */
    enum TcpEnd {
        /** At once, what is unsent dropped: the peer is not worth waiting for. */
        ABORT,
        /** After what was written, while the peer may still be sending (its Close has not come). */
        AFTER_WRITES,
        /** After what was written, both Close frames having crossed: the peer sends nothing more. */
        HANDSHAKE_DONE
    }

    /** What the handshake drives: the session's outgoing queue and its transport. */
    interface Connection {
        /** Queues a Close frame with {@code payload} behind what is queued; {@code written} says how its write ended. */
        void sendClose(ByteBuffer payload, WriteCallback written);

        /** Lets TCP go as {@code end} says. */
        void closeTcp(TcpEnd end);
    }

    private final Connection connection;
    private final boolean client;
    private final long closeTimeoutMs;
    private final ScheduledExecutorService scheduler;
    private final Executor executor;

    // Written under the lock only; volatile so that the session's checks on every message read
    // them without taking it.
    private volatile Sent sent = Sent.NOTHING;
    private volatile Received received = Received.NOTHING;
    /** Our Close fails the connection: TCP goes once it is written, without the peer's answer. */
    private volatile boolean failing;
    /** The transport reported the connection gone, or we let it go: nothing more to do. */
    private volatile boolean tcpGone;
    private ScheduledFuture<?> timer;

    CloseHandshake(Connection connection, boolean client, long closeTimeoutMs,
                   ScheduledExecutorService scheduler, Executor executor) {
        this.connection = connection;
        this.client = client;
        this.closeTimeoutMs = closeTimeoutMs;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    Sent sent() {
        return sent;
    }

    Received received() {
        return received;
    }

    /** True until either Close has moved or the connection failed: only then do messages flow. */
    boolean isOpen() {
        return sent == Sent.NOTHING && received == Received.NOTHING && !failing && !tcpGone;
    }

    /**
     * True once nothing but TCP's end is left: the peer's Close came, or we failed the connection,
     * or it is gone. Inbound data after this is dropped unread.
     */
    boolean isClosed() {
        return received == Received.RECEIVED || failing || tcpGone;
    }

    /**
     * Starts the close handshake from our side (the application's close, an idle timeout): our
     * Close goes out and the peer has the close timeout to answer it.
     *
     * @param beforeSend runs once the handshake is ours to start, before the Close is queued
     * @return false when a Close was already sent or received: nothing was done
     */
    boolean start(ByteBuffer payload, Runnable beforeSend) {
        synchronized (this) {
            if (sent != Sent.NOTHING || received != Received.NOTHING || failing || tcpGone) {
                return false;
            }
            sent = Sent.QUEUED;
            startTimer();
        }
        beforeSend.run();
        connection.sendClose(payload, new OurClose());
        return true;
    }

    /**
     * Fails the connection (RFC 6455 section 7.1.7): our Close with the code and reason, if none
     * was sent yet, then TCP goes once it is written, without waiting for the peer's answer.
     *
     * @param beforeSend null, or what runs before our Close is queued when the session was open
     *                   (it already counts as closed then)
     * @return true when the session was open: this call decided how it ends
     */
    boolean fail(ByteBuffer payload, Runnable beforeSend) {
        return fail(payload, beforeSend, false);
    }

    /** As {@link #fail}, but only from the open state; a close handshake already under way is left to finish. */
    boolean failIfOpen(ByteBuffer payload, Runnable beforeSend) {
        return fail(payload, beforeSend, true);
    }

    private boolean fail(ByteBuffer payload, Runnable beforeSend, boolean onlyIfOpen) {
        boolean wasOpen;
        boolean send;
        boolean closeNow;
        boolean peerDone;
        synchronized (this) {
            wasOpen = sent == Sent.NOTHING && received == Received.NOTHING && !failing && !tcpGone;
            if (tcpGone || (onlyIfOpen && !wasOpen)) {
                return false;
            }
            failing = true;
            // A peer whose Close we have received is owed one; otherwise it is how it learns why.
            send = sent == Sent.NOTHING;
            closeNow = sent == Sent.WRITTEN;
            peerDone = received == Received.RECEIVED;
            if (send) {
                sent = Sent.QUEUED;
                startTimer();
            } else if (closeNow) {
                tcpGone = true;
                cancelTimer();
            }
        }
        if (beforeSend != null && wasOpen) {
            beforeSend.run();
        }
        if (send) {
            connection.sendClose(payload, new OurClose());
        } else if (closeNow) {
            connection.closeTcp(peerDone ? TcpEnd.HANDSHAKE_DONE : TcpEnd.AFTER_WRITES);
        }
        return wasOpen;
    }

    /**
     * The peer's Close arrived. Unless ours is already queued, {@code answer} (the peer's code
     * echoed, RFC 6455 section 5.5.1) is queued now.
     *
     * @return true when that answer was queued
     */
    boolean onPeerClose(ByteBuffer answer) {
        boolean send = false;
        boolean closeTcp = false;
        synchronized (this) {
            if (received == Received.RECEIVED || tcpGone) {
                return false;
            }
            received = Received.RECEIVED;
            if (sent == Sent.NOTHING) {
                sent = Sent.QUEUED;
                send = true;
            } else if (sent == Sent.WRITTEN) {
                closeTcp = bothCrossed();
            }
        }
        if (send) {
            connection.sendClose(answer, new OurClose());
            boundAnswerStillQueued();
        } else if (closeTcp) {
            connection.closeTcp(TcpEnd.HANDSHAKE_DONE);
        }
        return send;
    }

    /**
     * Our answer to the peer's Close, not yet written when its send returned (it waits behind
     * other frames, or for a peer that does not read), gets the close timer to bound its write.
     * Most answers are written inside the send, and a timer for each would cost a wake-up of the
     * scheduler's thread per connection.
     */
    private synchronized void boundAnswerStillQueued() {
        if (sent == Sent.QUEUED && !tcpGone) {
            startTimer();
        }
    }

    /** The transport says the connection is gone: no timer is needed any more. */
    synchronized void onTcpGone() {
        tcpGone = true;
        cancelTimer();
    }

    /**
     * Both Closes have crossed (called under the lock): true when TCP goes now (the server's
     * part); the client instead gives the server the close timeout to close it.
     */
    private boolean bothCrossed() {
        if (client) {
            startTimer();
            return false;
        }
        tcpGone = true;
        cancelTimer();
        return true;
    }

    private void startTimer() {
        cancelTimer();
        timer = scheduler.schedule(() -> executor.execute(this::onTimeout), closeTimeoutMs, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onTimeout() {
        synchronized (this) {
            if (tcpGone) {
                return;
            }
            tcpGone = true;
            timer = null;
        }
        connection.closeTcp(TcpEnd.ABORT);
    }

    /** How the write of our Close ended decides what TCP does next. */
    private final class OurClose implements WriteCallback {
        @Override
        public void completed() {
            TcpEnd end = null;
            synchronized (CloseHandshake.this) {
                if (tcpGone || sent != Sent.QUEUED) {
                    return;
                }
                sent = Sent.WRITTEN;
                if (received == Received.RECEIVED) {
                    end = bothCrossed() ? TcpEnd.HANDSHAKE_DONE : null;
                } else if (failing) {
                    tcpGone = true;
                    cancelTimer();
                    end = TcpEnd.AFTER_WRITES;
                }
                // else: the close timer, started with the Close, waits for the peer's answer
            }
            if (end != null) {
                connection.closeTcp(end);
            }
        }

        @Override
        public void failed(Throwable cause) {
            synchronized (CloseHandshake.this) {
                if (tcpGone) {
                    return;
                }
                tcpGone = true;
                cancelTimer();
            }
            connection.closeTcp(TcpEnd.ABORT);
        }
    }

    @Override
    public synchronized String toString() {
        return "CloseHandshake[sent=" + sent + ", received=" + received + (failing ? ", failing" : "")
                + (tcpGone ? ", tcp gone" : "") + "]";
    }
}
