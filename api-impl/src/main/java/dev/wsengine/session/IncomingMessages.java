package dev.wsengine.session;

import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.MessageSink;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.ProtocolViolation;
import dev.wsengine.framing.Utf8Decoder;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;

/**
 * Reassembles data frames into messages and hands them to the session's sinks, in the form each
 * sink asked for. Text is decoded and validated as it arrives, so invalid UTF-8 fails the
 * connection (1007) at the first bad byte; the size limit (1009) is enforced as bytes arrive, not
 * once the whole message is buffered. Messages for which no sink is registered are still
 * validated, then dropped.
 *
 * <p>A sink that takes a {@code Reader} or an {@code InputStream} gets it when the message's first
 * frame arrives, on an executor thread ({@link WsSession#deliverStreamed}); the pieces follow
 * through a {@link StreamedMessage} as they arrive, and {@link InboundWindow} stops reading while
 * the reader is a window behind, and after the message's end until the method has returned.
 */
final class IncomingMessages implements FrameListener {

    /** Buffers grown past this for one big message are let go, so idle sessions stay small. */
    private static final int KEEP_BUFFER_BELOW = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final WsSession session;
    private final InboundWindow window;
    /** Made with {@link #text}, kept after. */
    private Utf8Decoder utf8;
    /**
     * Made for the first text message that is not plain ASCII in one frame (those skip it), and
     * let go with the buffers: sessions that never need it do not hold it.
     */
    private StringBuilder text;
    private ByteBuffer binary = EMPTY;

    /** TEXT or BINARY while a message is being received, else 0. */
    private int messageType;
    /** The sink taken when the message began, or null to drop it. */
    private MessageSink sink;
    private DeliveryMode mode;
    private long received;
    /**
     * The message's length once its last frame's header has announced it (frames not compressed),
     * else -1: its buffer then grows to that and no further, where doubling would nearly double it.
     */
    private long messageEndsAt = -1;
    private long limit;
    private String limitName;
    /** The message being streamed to the application, if any; read by other threads to fail it. */
    private volatile StreamedMessage stream;
    /** The last message streamed, kept after its end, for {@link #streamedBytes}. */
    private volatile StreamedMessage lastStream;
    /** Set when the peer's Close arrived: whatever follows it is ignored. */
    private boolean closed;
    /** Set when the engine dropped the peer: what it still sends is read and thrown away. */
    private volatile boolean discarding;
    /** Bytes of {@link #binary} and {@link #text} charged to the container's budget so far. */
    private long charged;

    IncomingMessages(WsSession session, InboundWindow window) {
        this.session = session;
        this.window = window;
    }

    /** The connection is gone: a message being streamed can never end, so its reader throws. */
    void connectionLost(Throwable cause) {
        failStream(new IOException("The connection was lost in the middle of the message"
                + (cause == null ? "" : ": " + cause), cause));
    }

    /**
     * From now on data frames are read and dropped, and the message being assembled with them at
     * the next one: the engine closed this peer (it does not read, or the container is over its
     * buffer budget), and keeping its upload would hold memory for a session that is going.
     * Control frames still count (the peer's Close ends the handshake). Any thread.
     */
    void discard() {
        discarding = true;
    }

    /**
     * Lets go of the buffers of a message being assembled (the connection is gone) and gives their
     * bytes back to the budget. Called under the session's callback lock, as every frame is.
     */
    void releaseBuffers() {
        binary = EMPTY;
        text = null;
        chargeBuffers();
    }

    /**
     * Tells the session how much the accumulation buffers grew or shrank since the last call, so
     * that a thousand peers each in the middle of a big message count against the container's
     * budget; no change, no call. Text counts two bytes a char, its most.
     */
    private void chargeBuffers() {
        chargeTo(binary.capacity() + textBytes());
    }

    /** What {@link #text} counts against the budget: two bytes a char, its most. */
    private long textBytes() {
        return text == null ? 0 : 2L * text.capacity();
    }

    private void chargeTo(long bytes) {
        if (bytes != charged) {
            long delta = bytes - charged;
            charged = bytes;
            session.chargeInbound(delta);
        }
    }

    /** Bytes the last streamed message holds for its reader. */
    long streamedBytes() {
        StreamedMessage s = lastStream;
        return s == null ? 0 : s.bufferedBytes();
    }

    private void failStream(IOException cause) {
        StreamedMessage s = stream;
        if (s != null) {
            s.fail(cause);
        }
    }

    /**
     * Refuses a frame whose announced length takes the message past its limit, before a byte of
     * it arrives: a peer cannot make us read megabytes only to refuse them.
     */
    @Override
    public void onDataFrameHeader(int opcode, int rsv, boolean fin, long payloadLength) {
        if (closed || discarding) {
            return;
        }
        if (opcode != Opcode.CONTINUATION) {
            begin(opcode); // again at its first piece: both at the message's start, so the same
        }
        checkLimit(received + payloadLength);
        messageEndsAt = fin ? received + payloadLength : -1;
    }

    @Override
    public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd) {
        if (closed) {
            return;
        }
        if (discarding) {
            if (messageType != 0) { // the message in progress when the peer was dropped
                messageType = 0;
                sink = null;
                failStream(new IOException("The connection was closed in the middle of the message"));
                stream = null;
                releaseBuffers();
            }
            return;
        }
        try {
            onData(opcode, fin, payload, frameStart, frameEnd);
        } catch (ProtocolViolation violation) {
            // The connection fails with the violation's code; the reader learns why.
            failStream(new IOException(violation.getMessage() + " (close code " + violation.closeCode() + ")", violation));
            throw violation;
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a streamed message's reader was behind", e);
        }
    }

    private void onData(int opcode, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd)
            throws InterruptedIOException {
        if (frameStart && opcode != Opcode.CONTINUATION) {
            begin(opcode);
            if (mode == DeliveryMode.STREAM) {
                stream = startStream(opcode == Opcode.TEXT);
                lastStream = stream;
            }
        }
        received += payload.remaining();
        checkLimit(received);
        boolean messageEnd = fin && frameEnd;
        // Only a message that starts and ends in this very piece can skip the accumulation buffer.
        boolean wholeMessageInOnePiece = frameStart && opcode != Opcode.CONTINUATION && messageEnd;
        if (messageType == Opcode.TEXT) {
            onText(payload, wholeMessageInOnePiece, frameEnd, messageEnd);
        } else {
            onBinary(payload, wholeMessageInOnePiece, messageEnd);
        }
        chargeBuffers();
        if (messageEnd) {
            session.metrics().messageIn(received);
            messageType = 0;
            sink = null;
            messageEndsAt = -1;
        }
        StreamedMessage s = stream;
        if (s != null) {
            if (messageEnd) {
                stream = null;
            }
            window.afterPiece(s);
        }
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) {
        if (closed) {
            return;
        }
        switch (opcode) {
            case Opcode.PING -> session.onPing(payload);
            case Opcode.PONG -> session.onPong(payload);
            case Opcode.CLOSE -> {
                closed = true;
                failStream(new IOException("The peer closed the connection in the middle of the message"));
                session.onCloseFrame(payload);
            }
            default -> throw new IllegalStateException("Not a control opcode: " + opcode);
        }
    }

    private void checkLimit(long messageBytes) {
        if (limit >= 0 && messageBytes > limit) {
            throw ProtocolViolation.tooBig("The " + (messageType == Opcode.TEXT ? "text" : "binary")
                    + " message is larger than " + limitName + " (" + limit + " bytes)");
        }
    }

    private void begin(int opcode) {
        messageType = opcode;
        received = 0;
        sink = session.isOpen() ? (opcode == Opcode.TEXT ? session.textSink() : session.binarySink()) : null;
        mode = sink == null ? null : modeOf(sink);
        long sinkLimit = sink == null ? -1 : sink.maxMessageSize();
        if (sinkLimit >= 0) {
            limit = sinkLimit;
            limitName = "the @OnMessage maxMessageSize";
        } else if (sink == null || mode == DeliveryMode.PARTIAL) {
            limit = -1; // parts are handed on as they come, nothing accumulates
        } else if (opcode == Opcode.TEXT) {
            limit = session.getMaxTextMessageBufferSize();
            limitName = "the session's maxTextMessageBufferSize";
        } else {
            limit = session.getMaxBinaryMessageBufferSize();
            limitName = "the session's maxBinaryMessageBufferSize";
        }
    }

    /** The application gets its Reader or InputStream now, before the rest of the message arrives. */
    private StreamedMessage startStream(boolean isText) {
        StreamedMessage message = new StreamedMessage(isText, window::wake);
        if (isText) {
            TextSink target = (TextSink) sink;
            session.deliverStreamed(message, () -> target.onReader(message.reader()));
        } else {
            BinarySink target = (BinarySink) sink;
            session.deliverStreamed(message, () -> target.onStream(message.inputStream()));
        }
        return message;
    }

    private static DeliveryMode modeOf(MessageSink sink) {
        return sink instanceof TextSink t ? t.mode() : ((BinarySink) sink).mode();
    }

    private void onText(ByteBuffer payload, boolean wholeMessageInOnePiece, boolean frameEnd, boolean messageEnd)
            throws InterruptedIOException {
        if (wholeMessageInOnePiece && mode == DeliveryMode.WHOLE) {
            String message = Utf8Decoder.asciiOrNull(payload);
            if (message != null) {
                TextSink target = (TextSink) sink;
                session.deliver(() -> target.onText(message, true));
                return;
            }
        }
        if (text == null) {
            text = new StringBuilder();
            if (utf8 == null) {
                utf8 = new Utf8Decoder();
            }
        }
        utf8.decode(payload, text);
        if (messageEnd) {
            utf8.finish();
        }
        if (sink == null) {
            text.setLength(0);
            return;
        }
        TextSink target = (TextSink) sink;
        if (mode == DeliveryMode.PARTIAL) {
            boolean chunkReady = frameEnd || text.length() >= session.getMaxTextMessageBufferSize();
            if (messageEnd || (chunkReady && text.length() > 0)) {
                String part = takeText();
                session.deliver(() -> target.onText(part, messageEnd));
            }
        } else if (mode == DeliveryMode.STREAM) {
            stream.push(text);
            text.setLength(0);
            if (messageEnd) {
                stream.end();
            }
        } else if (messageEnd) {
            String message = takeText();
            session.deliver(() -> target.onText(message, true));
        }
    }

    private void onBinary(ByteBuffer payload, boolean wholeMessageInOnePiece, boolean messageEnd)
            throws InterruptedIOException {
        if (sink == null) {
            return;
        }
        BinarySink target = (BinarySink) sink;
        if (mode == DeliveryMode.STREAM) {
            stream.push(payload);
            if (messageEnd) {
                stream.end();
            }
            return;
        }
        if (mode == DeliveryMode.PARTIAL) {
            if (messageEnd || payload.hasRemaining()) {
                ByteBuffer part = copy(payload);
                session.deliver(() -> target.onBinary(part, messageEnd));
            }
            return;
        }
        ByteBuffer message;
        if (wholeMessageInOnePiece) {
            message = copy(payload);
        } else {
            append(payload);
            if (!messageEnd || discarding) {
                return;
            }
            message = takeBinary();
            chargeBuffers(); // before the application runs: what it sends back is charged next
        }
        session.deliver(() -> target.onBinary(message, true));
    }

    /**
     * The message assembled in {@link #binary}, the application's own: a big buffer filled to its
     * capacity (its size was announced) is handed over whole, as it would be let go anyway; other
     * buffers are copied, the copy exactly the message's size.
     */
    private ByteBuffer takeBinary() {
        binary.flip();
        if (binary.capacity() <= KEEP_BUFFER_BELOW) {
            ByteBuffer message = copy(binary);
            binary.clear();
            return message;
        }
        ByteBuffer message = binary.limit() == binary.capacity() ? binary : copy(binary);
        binary = EMPTY;
        return message;
    }

    private String takeText() {
        String s = text.toString();
        text.setLength(0);
        if (text.capacity() > KEEP_BUFFER_BELOW) {
            text = null;
        }
        return s;
    }

    private void append(ByteBuffer payload) {
        if (binary.remaining() < payload.remaining()) {
            long needed = (long) binary.position() + payload.remaining();
            long doubled = binary.capacity() * 2L;
            long grown = messageEndsAt >= needed ? Math.min(doubled, messageEndsAt) : doubled;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, grown));
            // Charged before it is allocated: past the budget, this session may be the one shed,
            // and a peer that is going gets no bigger buffer.
            chargeTo(capacity + textBytes());
            if (discarding) {
                binary = EMPTY; // onBinary delivers nothing of it; later frames are dropped at once
                chargeBuffers();
                return;
            }
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
            binary.flip();
            bigger.put(binary);
            binary = bigger;
        }
        binary.put(payload);
    }

    /** Messages handed to applications are their own: they may keep them after the callback. */
    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(source).flip();
        return copy;
    }
}
