package dev.wsengine.session;

import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.MessageDeflater;
import dev.wsengine.framing.Opcode;
import dev.wsengine.metrics.EndpointMetrics;
import dev.wsengine.transport.WriteCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns messages into frames on the session's queue, keeping the rule that the fragments of one
 * message are never interleaved with another data message.
 *
 * <p>Sends from many threads are serialized, never refused as "busy": a message sent while
 * another thread's partial message is open waits until that message ends. A partial message
 * belongs to the thread that started it; only that thread continues it. A thread that interleaves
 * its own messages (another message in the middle of its own partial one) gets an
 * {@link IllegalStateException}, since waiting would deadlock it.
 *
 * <p>With permessage-deflate agreed, data messages are compressed here, under this object's
 * monitor, the one that orders them on the queue: with context takeover the peer inflates them in the order we
 * compressed them, so the two orders must be one. Control frames are never compressed. With a
 * window below 15 bits agreed for us, only messages that fit it are compressed (whole messages of
 * at most 2<sup>N</sup> bytes, see {@link DeflateAgreement#largestCompressedMessage()}); the
 * others, and every message sent in several parts, go uncompressed.
 */
final class MessageSender {

    private final FrameFlusher flusher;
    private final FrameEncoder encoder;
    /** Null when no permessage-deflate was agreed. */
    private final DeflateAgreement deflate;
    private final EndpointMetrics metrics;
    private final MessageDeflater deflater;
    /** True while the open partial message is being compressed. */
    private boolean compressingOpenMessage;
    /** TEXT or BINARY while a partial message is open, else 0. */
    private int openMessage;
    private Thread openMessageOwner;
    /** A high surrogate that ended the previous text part; its pair starts the next one. */
    private char pendingHighSurrogate;

    MessageSender(FrameFlusher flusher, FrameEncoder encoder, DeflateAgreement deflate) {
        this(flusher, encoder, deflate, EndpointMetrics.untracked());
    }

    MessageSender(FrameFlusher flusher, FrameEncoder encoder, DeflateAgreement deflate, EndpointMetrics metrics) {
        this.metrics = metrics;
        this.flusher = flusher;
        this.encoder = encoder;
        this.deflate = deflate;
        this.deflater = deflate == null ? null : deflate.newDeflater();
    }

    /** True while the compressor holds zlib state. */
    boolean holdsZlibState() {
        return deflater != null && deflater.holdsZlibState();
    }

    /** Gives the compressor's memory back; sends after this fail. */
    void release() {
        if (deflater != null) {
            deflater.release();
        }
    }

    void sendText(String text, WriteCallback callback) {
        sendWhole(Opcode.TEXT, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
    }

    void sendBinary(ByteBuffer data, WriteCallback callback) {
        sendWhole(Opcode.BINARY, data, callback);
    }

    void sendTextPart(String part, boolean last, WriteCallback callback) throws InterruptedException {
        synchronized (this) {
            awaitTurn(Opcode.TEXT);
            sendPart(Opcode.TEXT, encodePart(part, last), last, callback);
        }
    }

    void sendBinaryPart(ByteBuffer part, boolean last, WriteCallback callback) throws InterruptedException {
        synchronized (this) {
            awaitTurn(Opcode.BINARY);
            sendPart(Opcode.BINARY, part, last, callback);
        }
    }

    /** Ping and Pong jump the queue of data frames; a Close goes behind them, last. */
    void sendControl(int opcode, ByteBuffer payload, WriteCallback callback) {
        FrameFlusher.Frame frame = encoder.encode(opcode, true, payload, callback);
        if (opcode == Opcode.CLOSE) {
            flusher.enqueueClose(frame);
        } else {
            flusher.enqueueControl(frame);
        }
    }

    /** A Pong answering a Ping; {@code marker} is the same for every automatic Pong of the session. */
    void sendAutomaticPong(ByteBuffer payload, WriteCallback marker) {
        flusher.enqueuePong(encoder.encode(Opcode.PONG, true, payload, marker));
    }

    private void sendWhole(int opcode, ByteBuffer payload, WriteCallback callback) {
        metrics.sent(payload.remaining(), true);
        synchronized (this) {
            try {
                awaitTurn(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(e);
                return;
            }
            FrameFlusher.Frame frame;
            try {
                frame = deflate != null && deflate.worthCompressing(payload.remaining())
                        ? encoder.encode(opcode, true, InflatingListener.RSV1, compress(payload, true), callback)
                        : encoder.encode(opcode, true, payload, callback);
            } catch (IOException closed) {
                callback.failed(closed);
                return;
            }
            flusher.enqueueData(frame);
        }
    }

    private void sendPart(int opcode, ByteBuffer payload, boolean last, WriteCallback callback) {
        metrics.sent(payload.remaining(), last);
        boolean first = openMessage == 0;
        int frameOpcode = first ? opcode : Opcode.CONTINUATION;
        if (first) {
            // A message in one part has a known length; otherwise the length is unknown when its
            // first frame (which carries RSV1) goes out: compress it only if any length fits our
            // window, i.e. unless the peer asked for a window below 15 bits.
            compressingOpenMessage = deflate != null
                    && (last ? deflate.fitsWindow(payload.remaining()) : deflate.compressesMessagesOfUnknownLength());
        }
        FrameFlusher.Frame frame;
        try {
            frame = compressingOpenMessage
                    ? encoder.encode(frameOpcode, last, first ? InflatingListener.RSV1 : 0, compress(payload, last), callback)
                    : encoder.encode(frameOpcode, last, payload, callback);
        } catch (IOException closed) {
            callback.failed(closed);
            return;
        }
        if (last) {
            openMessage = 0;
            openMessageOwner = null;
            notifyAll();
        } else {
            openMessage = opcode;
            openMessageOwner = Thread.currentThread();
        }
        flusher.enqueueData(frame);
    }

    /**
     * Compresses one whole message or one part, into a buffer of its own: the deflater reuses its
     * output buffer, while the frame may wait in the queue.
     */
    private ByteBuffer compress(ByteBuffer part, boolean last) throws IOException {
        ByteBuffer out;
        try {
            out = deflater.deflate(part.duplicate(), last);
        } catch (IllegalStateException released) {
            throw new IOException("The session is closed: its compressor was released", released);
        }
        return ByteBuffer.allocate(out.remaining()).put(out).flip();
    }

    /**
     * Waits until this thread may send: no partial message is open, or ({@code opcode} not 0) this
     * thread opened a partial message of the same kind and this part continues it.
     */
    private void awaitTurn(int opcode) throws InterruptedException {
        while (openMessage != 0) {
            boolean mine = openMessageOwner == Thread.currentThread();
            if (mine && openMessage == opcode) {
                return;
            }
            if (mine) {
                throw new IllegalStateException("A partial " + (openMessage == Opcode.TEXT ? "text" : "binary")
                        + " message is being sent on this thread; finish it (isLast = true) before sending another message");
            }
            wait();
        }
    }

    /** UTF-8 for one part of a text message, carrying a split surrogate pair over to the next part. */
    private ByteBuffer encodePart(String part, boolean last) {
        StringBuilder chars = new StringBuilder(part.length() + 1);
        if (pendingHighSurrogate != 0) {
            chars.append(pendingHighSurrogate);
            pendingHighSurrogate = 0;
        }
        chars.append(part);
        int end = chars.length();
        if (!last && end > 0 && Character.isHighSurrogate(chars.charAt(end - 1))) {
            pendingHighSurrogate = chars.charAt(end - 1);
            chars.setLength(end - 1);
        }
        return ByteBuffer.wrap(chars.toString().getBytes(StandardCharsets.UTF_8));
    }
}
