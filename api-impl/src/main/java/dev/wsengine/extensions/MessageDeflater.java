package dev.wsengine.extensions;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses the messages one connection sends (RFC 7692 section 7.2.1), a whole message or a
 * message sent in parts.
 * <p>
 * Every part is compressed and flushed with {@code SYNC_FLUSH}, so its output can go on the wire
 * as one frame at once: the first frame of the message with RSV1 set, the others as
 * continuations. At the end of the message the {@code 00 00 ff ff} of the final empty stored
 * block is removed; when the last part added nothing, the message ends with the single
 * {@code 00} of section 7.2.3.6 (which is also what an empty message compresses to).
 * <p>
 * The output is written into a reusable buffer that grows to the largest part compressed; a
 * returned view is valid until the next call. Callers sending huge messages should pass them in
 * slices (say 64 KB) to bound that buffer.
 * <p>
 * Window: the JDK's {@link Deflater} always compresses with a 32 KB window (windowBits 15). When
 * the peer agreed a smaller one, {@code windowBits} N &lt; 15 (RFC 7692 section 7.1.2.1), every
 * message is compressed as a fresh DEFLATE stream and may be at most 2<sup>N</sup> bytes long:
 * a back-reference can then reach at most to the start of its own message, fewer than
 * 2<sup>N</sup> bytes back. The caller sends longer messages uncompressed; a part that would take
 * a message past 2<sup>N</sup> bytes is refused here, before any of it is compressed.
 * <p>
 * Memory: the JDK's {@link Deflater} always asks zlib for its full state (about 256 KB at
 * windowBits 15 and memLevel 8, whatever the level; some 80 KB of it resident at once, the rest as
 * traffic touches it). It is made on the first compressed message and, with
 * {@code ownNoContextTakeover}, freed after every message, so that an idle connection holds none;
 * with context takeover it must live (it <em>is</em> the context) until {@link #release()}. Should
 * a caller forget {@code release()}, the JDK's cleaner still frees it once the deflater is garbage.
 * <p>
 * Not for concurrent use (the session sends one message at a time); {@link #release()} may come
 * from any thread.
 */
public final class MessageDeflater {

    /** A growing output buffer larger than this is not kept between messages. */
    private static final int RETAINED_BUFFER_LIMIT = 64 * 1024;
    /** Given to zlib after each part so that it does not keep the caller's buffer reachable. */
    private static final byte[] NOTHING = new byte[0];

    private final boolean freeAfterMessage;
    private final boolean resetAfterMessage;
    private final int windowBits;
    private final long maxMessageBytes;
    private final int level;
    private final int initialBufferSize;

    private Deflater deflater;
    private ByteBuffer output;
    /** Uncompressed bytes of the message in progress, counted only under a small window. */
    private long messageBytes;
    private boolean released;

    /**
     * @param ownNoContextTakeover true when each message must be compressed with an empty window
     * @param level                the {@link Deflater} level, 0 to 9
     * @param initialBufferSize    initial size of the output buffer
     */
    public MessageDeflater(boolean ownNoContextTakeover, int level, int initialBufferSize) {
        this(ownNoContextTakeover, DeflateParameters.MAX_WINDOW_BITS, level, initialBufferSize);
    }

    /**
     * @param ownNoContextTakeover true when each message must be compressed with an empty window;
     *                             zlib's state is then freed between messages
     * @param windowBits           the window agreed for our direction, 8 to 15; below 15 every
     *                             message starts with an empty window too (zlib's state is reset
     *                             and kept, unless {@code ownNoContextTakeover} frees it) and holds
     *                             at most 2<sup>windowBits</sup> bytes
     * @param level                the {@link Deflater} level, 0 to 9
     * @param initialBufferSize    initial size of the output buffer
     */
    public MessageDeflater(boolean ownNoContextTakeover, int windowBits, int level, int initialBufferSize) {
        if (windowBits < DeflateParameters.MIN_WINDOW_BITS || windowBits > DeflateParameters.MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("window bits must be from 8 to 15: " + windowBits);
        }
        if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compression level must be from 0 to 9: " + level);
        }
        if (initialBufferSize < 8) {
            throw new IllegalArgumentException("buffer size must be at least 8 bytes: " + initialBufferSize);
        }
        this.freeAfterMessage = ownNoContextTakeover;
        this.windowBits = windowBits;
        boolean smallWindow = windowBits < DeflateParameters.MAX_WINDOW_BITS;
        this.resetAfterMessage = smallWindow && !ownNoContextTakeover;
        this.maxMessageBytes = smallWindow ? largestMessage(windowBits) : Long.MAX_VALUE;
        this.level = level;
        this.initialBufferSize = initialBufferSize;
    }

    /**
     * The longest message (uncompressed bytes) that may be compressed with a window of
     * {@code windowBits} by a compressor that starts every message afresh: 2<sup>windowBits</sup>,
     * or unlimited at 15, where the JDK's window is the agreed one.
     */
    public static long largestMessage(int windowBits) {
        return windowBits >= DeflateParameters.MAX_WINDOW_BITS ? Long.MAX_VALUE : 1L << windowBits;
    }

    /** The window this deflater keeps to, 8 to 15 bits. */
    public int windowBits() {
        return windowBits;
    }

    /** The longest message it compresses, in uncompressed bytes; see {@link #largestMessage(int)}. */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Compresses the next part of a message.
     *
     * @param part       the bytes to compress; consumed entirely
     * @param messageEnd true with the last part of the message
     * @return the compressed bytes of this part, to send as one frame's payload; valid until the
     *         next call. May be empty for a part that is not the last (nothing to flush).
     * @throws IllegalArgumentException when the window is below 15 bits and this part would make
     *                                  the message longer than {@link #maxMessageBytes()}; nothing
     *                                  of it is compressed and the message is abandoned
     */
    public synchronized ByteBuffer deflate(ByteBuffer part, boolean messageEnd) {
        if (released) {
            throw new IllegalStateException("deflater released");
        }
        if (maxMessageBytes != Long.MAX_VALUE) {
            long total = messageBytes + part.remaining();
            if (total > maxMessageBytes) {
                endMessage(true);
                throw new IllegalArgumentException("a message of " + total + "+ bytes cannot be compressed within the "
                        + maxMessageBytes + "-byte window agreed (window bits " + windowBits + "); send it uncompressed");
            }
            messageBytes = total;
        }
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        if (output == null) {
            output = ByteBuffer.allocate(initialBufferSize);
        }
        ByteBuffer out = output;
        out.clear();
        boolean failed = true;
        try {
            deflater.setInput(part);
            // The JDK contract for SYNC_FLUSH: while the output buffer comes back full, call again
            // with more room; once it is not full, all input is consumed and flushed.
            while (true) {
                deflater.deflate(out, Deflater.SYNC_FLUSH);
                if (out.hasRemaining()) {
                    break;
                }
                out = grow(out);
            }
            deflater.setInput(NOTHING);
            out.flip();
            if (messageEnd) {
                out = endWithoutTail(out);
            }
            failed = false;
            return out;
        } finally {
            if (failed || messageEnd) {
                endMessage(failed);
            }
        }
    }

    /**
     * Section 7.2.1: remove the {@code 00 00 ff ff} the flush ended with. When the flush produced
     * nothing (the previous part already flushed everything), the message still needs the start
     * of an empty stored block: the single {@code 00} of section 7.2.3.6.
     */
    private ByteBuffer endWithoutTail(ByteBuffer out) {
        int end = out.limit();
        if (end >= 4 && out.get(end - 4) == 0 && out.get(end - 3) == 0
                && out.get(end - 2) == (byte) 0xff && out.get(end - 1) == (byte) 0xff) {
            out.limit(end - 4);
            return out;
        }
        // An empty output is the normal case here; output that does not end with the empty
        // stored block cannot come out of a SYNC_FLUSH, but would be completed the same way.
        if (end == out.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2);
            bigger.put(out).flip();
            output = bigger;
            out = bigger;
        }
        out.limit(end + 1);
        out.put(end, (byte) 0x00);
        return out;
    }

    private ByteBuffer grow(ByteBuffer out) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, initialBufferSize));
        out.flip();
        bigger.put(out);
        output = bigger;
        return bigger;
    }

    private void endMessage(boolean failed) {
        messageBytes = 0;
        if (!failed && resetAfterMessage && deflater != null) {
            // A small window: the next message must not refer back to this one. Resetting keeps
            // zlib's memory (no allocation per message), only its history is forgotten.
            deflater.reset();
        }
        if (failed || freeAfterMessage) {
            // The next message starts with an empty window anyway: give zlib's memory back now.
            // The returned view keeps its own reference to the buffer.
            freeZlib();
            output = null;
        } else if (output != null && output.capacity() > RETAINED_BUFFER_LIMIT) {
            output = null;
        }
    }

    private void freeZlib() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
    }

    /** Ends the zlib state (its native memory). Idempotent; the deflater is unusable afterwards. */
    public synchronized void release() {
        released = true;
        freeZlib();
        output = null;
    }

    /** True while zlib state is held: between messages only with context takeover. */
    public synchronized boolean holdsZlibState() {
        return deflater != null;
    }
}
