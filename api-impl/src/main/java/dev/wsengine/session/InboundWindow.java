package dev.wsengine.session;

import dev.wsengine.framing.FrameParser;
import dev.wsengine.transport.Transport;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Decides when the session reads from its connection. Two things stop it: our outgoing queue above
 * its high-water mark (a peer that does not read our replies may not make us queue more), and a
 * streamed message whose reader is behind or whose method has not returned yet. For the first the
 * transport merely stops reading; for the second the frame parser stops too, in the middle of the
 * transport's buffer if need be, and the bytes it has not parsed wait here (one transport read at
 * most) until the reader catches up. Both ask the transport to stop; reading resumes when neither
 * holds.
 *
 * <p>Threading: {@link #parse} runs on the session's read path, under its callback lock; a resumed
 * parse is run by the executor through the same path ({@code readAgain}, which calls the session's
 * {@code onData} with no new bytes). {@link #outboundPressure} and {@link #wake} come from any
 * thread.
 */
final class InboundWindow {

    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private FrameParser parser;
    private final Executor executor;
    private final Runnable readAgain;
    private volatile Transport transport;
    /** The streamed message that stopped the parser, asked again before parsing resumes. Read path only. */
    private StreamedMessage waitingFor;
    /** Input the parser has not read yet, kept while it is paused. Read path only. */
    private volatile ByteBuffer unparsed;

    // Guarded by this.
    private boolean outboundHigh;
    private boolean paused;
    private boolean suspended;
    private boolean readScheduled;

    /**
     * @param readAgain runs the session's read path without new bytes (its {@code onData} with an
     *                  empty buffer), so that what was left unparsed is parsed under the callback lock
     */
    InboundWindow(Executor executor, Runnable readAgain) {
        this.executor = executor;
        this.readAgain = readAgain;
    }

    /** The parser fed here, made after us since its listeners need us; set once, before any input. */
    void use(FrameParser parser) {
        this.parser = parser;
    }

    void attach(Transport transport) {
        this.transport = transport;
    }

    static ByteBuffer noBytes() {
        return NO_BYTES;
    }

    /** The read path: parses what was left over, then {@code data}, unless a streamed message makes it wait. */
    void parse(ByteBuffer data) {
        synchronized (this) {
            readScheduled = false;
        }
        if (waitingFor != null && waitingFor.mustWait()) {
            keep(data);
            return;
        }
        waitingFor = null;
        if (unparsed != null) {
            ByteBuffer leftover = unparsed;
            unparsed = null;
            parser.parse(leftover);
            if (leftover.hasRemaining()) {
                keep(leftover);
                keep(data);
                return;
            }
        }
        parser.parse(data);
        if (data.hasRemaining()) {
            keep(data);
        } else if (waitingFor == null) {
            setPaused(false); // only now: the transport's next bytes must come after the leftover
        }
    }

    /**
     * Called by {@link IncomingMessages} in the middle of {@link #parse}, after handing a piece to
     * {@code message}: if the message asks the read path to wait, the parser stops after this piece
     * and the connection stops being read.
     */
    void afterPiece(StreamedMessage message) {
        if (!message.mustWait()) {
            return;
        }
        waitingFor = message;
        parser.pause();
        setPaused(true);
        // The reader may have caught up between mustWait() and now; then its wake-up found us not
        // paused yet, and this one takes its place.
        if (!message.mustWait()) {
            wake();
        }
    }

    /** The streamed message we wait for may let us go on: the read path runs again to find out. */
    void wake() {
        synchronized (this) {
            if (!paused || readScheduled) {
                return;
            }
            readScheduled = true;
        }
        executor.execute(readAgain);
    }

    /** The outgoing queue crossed its high-water mark ({@code true}) or fell back to its low-water mark. */
    void outboundPressure(boolean high) {
        synchronized (this) {
            outboundHigh = high;
            updateTransport();
        }
    }

    /** Bytes held back unparsed: at most one transport read, while a streamed message waits. */
    int unparsedBytes() {
        ByteBuffer u = unparsed;
        return u == null ? 0 : u.remaining();
    }

    private synchronized void setPaused(boolean value) {
        paused = value;
        updateTransport();
    }

    /** Transports only set a flag here and deliver later on their own thread, so this may hold our lock. */
    private void updateTransport() {
        Transport t = transport;
        boolean suspend = outboundHigh || paused;
        if (t == null || suspend == suspended) {
            return;
        }
        suspended = suspend;
        if (suspend) {
            t.suspendReading();
        } else {
            t.resumeReading();
        }
    }

    /**
     * Keeps bytes the parser may not read yet. More than one transport read only comes together
     * when a transport delivers after being asked to stop, which the contract rules out.
     */
    private void keep(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (unparsed == null) {
            unparsed = ByteBuffer.allocate(data.remaining()).put(data).flip();
            return;
        }
        ByteBuffer joined = ByteBuffer.allocate(unparsed.remaining() + data.remaining());
        joined.put(unparsed).put(data).flip();
        unparsed = joined;
    }
}
