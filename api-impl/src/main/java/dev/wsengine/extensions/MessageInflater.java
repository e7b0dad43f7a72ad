package dev.wsengine.extensions;

import dev.wsengine.framing.ProtocolViolation;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the received messages of one connection (RFC 7692 section 7.2.2), one message at a
 * time, from the pieces in which its frames arrive.
 * <p>
 * Bounded: the inflated bytes go to the caller's consumer through one reusable buffer of
 * {@code bufferSize} bytes, never more at once, and a message is failed with 1009 as soon as it
 * inflates past the limit the caller gives: zlib is never asked for more than one byte beyond it,
 * so a small frame of compressed zeros cannot make us produce, let alone allocate, its expansion.
 * <p>
 * Invalid DEFLATE data fails the message with 1007. RFC 7692 names no close code for it; RFC 6455
 * section 7.4.1 gives 1007 to "data within a message that was not consistent with the type of the
 * message", and a message whose RSV1 says "compressed with the agreed permessage-deflate" but
 * which is not DEFLATE is exactly that. 1002 is kept for breaches of the framing rules, which the
 * frame parser finds before we see any payload.
 * <p>
 * Memory: the zlib state (about 7 KB, plus its 32 KB window once data flows) and the output
 * buffer are made on the first compressed message. With {@code peerNoContextTakeover} they are
 * freed after every message, so a connection between messages holds no native memory; otherwise
 * they live until {@link #release()}.
 * <p>
 * Not for concurrent inflation (the session reads serially); {@link #release()} may come from any
 * thread at any time and never waits for an inflation in progress (nor for its consumer).
 */
public final class MessageInflater {

    /** RFC 7692 section 7.2.2: the octets the sender removed, put back before inflating. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};
    /** Given to zlib after each piece so that it does not keep the caller's buffer reachable. */
    private static final byte[] NOTHING = new byte[0];

    private final boolean resetAfterMessage;
    private final int bufferSize;
    /** Our own copy, so that {@link Inflater#setInput(ByteBuffer)} may move its position. */
    private final ByteBuffer tail = ByteBuffer.wrap(TAIL.clone());

    private Inflater inflater;
    private ByteBuffer output;
    private long messageBytes;
    private boolean busy;
    private boolean released;

    /**
     * @param peerNoContextTakeover true when the peer compresses every message with an empty
     *                              window, so ours may be dropped between messages
     * @param bufferSize            size of the reusable output buffer: the largest chunk the
     *                              consumer receives
     */
    public MessageInflater(boolean peerNoContextTakeover, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferSize);
        }
        this.resetAfterMessage = peerNoContextTakeover;
        this.bufferSize = bufferSize;
    }

    /**
     * Inflates the next piece of a compressed message's payload.
     *
     * @param compressed      the next bytes of the payload as received (a frame or part of one);
     *                        consumed entirely
     * @param messageEnd      true with the last piece of the message's last frame (FIN)
     * @param maxMessageBytes the largest inflated message accepted, counted over all its pieces;
     *                        {@code Long.MAX_VALUE} when the consumer streams without limit
     * @param sink            receives the inflated bytes in order, in chunks that are only valid
     *                        during the call
     * @throws ProtocolViolation 1009 when the message inflates past {@code maxMessageBytes};
     *                           1007 when the data is not valid DEFLATE. The message is then
     *                           abandoned and the connection should be failed.
     */
    public void inflate(ByteBuffer compressed, boolean messageEnd, long maxMessageBytes,
                        Consumer<? super ByteBuffer> sink) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("negative message limit: " + maxMessageBytes);
        }
        enter();
        boolean failed = true;
        try {
            if (inflater == null) {
                inflater = new Inflater(true);
                output = ByteBuffer.allocate(bufferSize);
            }
            drain(compressed, maxMessageBytes, sink);
            if (messageEnd) {
                tail.clear();
                drain(tail, maxMessageBytes, sink);
            }
            inflater.setInput(NOTHING);
            if (output.position() > 0) {
                deliver(sink);
            }
            failed = false;
        } catch (DataFormatException e) {
            throw ProtocolViolation.badPayload("invalid permessage-deflate data: " + e.getMessage());
        } finally {
            leave(failed || messageEnd, failed);
        }
    }

    /**
     * The monitor guards only the state changes, never the inflation itself: the consumer may
     * block (a streaming handler waiting for the application), and {@link #release()} from a
     * closing thread must not wait for it.
     */
    private synchronized void enter() {
        if (released) {
            throw new IllegalStateException("inflater released");
        }
        if (busy) {
            throw new IllegalStateException("concurrent inflation");
        }
        busy = true;
    }

    private synchronized void leave(boolean messageOver, boolean failed) {
        busy = false;
        if (messageOver) {
            messageBytes = 0;
        }
        // Without context takeover the next message needs nothing from this one; after a failure
        // or a release the connection is going away. Either way, give zlib's memory back now.
        if (released || failed || (messageOver && resetAfterMessage)) {
            freeZlib();
        }
    }

    /** Feeds {@code input} to zlib until it is all consumed and all output produced. */
    private void drain(ByteBuffer input, long maxMessageBytes, Consumer<? super ByteBuffer> sink)
            throws DataFormatException {
        inflater.setInput(input);
        while (true) {
            if (inflater.finished()) {
                // A block with BFINAL=1 ended the DEFLATE stream (section 7.2.3.4 allows it). What
                // follows, at least our tail, starts a new stream; the old window is gone, as it is
                // for the sender, which had to start a new stream too.
                inflater.reset();
                inflater.setInput(input);
            }
            int room = output.remaining();
            long allowed = maxMessageBytes - messageBytes;
            if (allowed < room) {
                // Ask for at most one byte past the limit: enough to know it was exceeded.
                output.limit(output.position() + (int) allowed + 1);
            }
            int produced = inflater.inflate(output);
            output.limit(output.capacity());
            messageBytes += produced;
            if (messageBytes > maxMessageBytes) {
                throw ProtocolViolation.tooBig("inflated message exceeds " + maxMessageBytes + " bytes");
            }
            if (!output.hasRemaining()) {
                deliver(sink);
            } else if (produced == 0) {
                if (inflater.finished()) {
                    if (!input.hasRemaining()) {
                        return;
                    }
                    continue;
                }
                if (inflater.needsInput()) {
                    return;
                }
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("preset dictionary requested");
                }
                throw new IllegalStateException("zlib made no progress");
            }
        }
    }

    private void deliver(Consumer<? super ByteBuffer> sink) {
        output.flip();
        try {
            sink.accept(output);
        } finally {
            output.clear();
        }
    }

    private void freeZlib() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
            output = null;
        }
    }

    /** Ends the zlib state (its native memory). Idempotent; the inflater is unusable afterwards. */
    public synchronized void release() {
        released = true;
        if (!busy) {
            freeZlib();
        }
        // else the inflating thread frees it as it leaves.
    }

    /** True while zlib state is held: between messages only with context takeover. */
    public synchronized boolean holdsZlibState() {
        return inflater != null;
    }
}
