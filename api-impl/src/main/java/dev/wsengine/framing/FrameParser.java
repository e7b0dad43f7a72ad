package dev.wsengine.framing;

import java.nio.ByteBuffer;

/**
 * An incremental RFC 6455 frame parser: bytes may arrive split at any point, many frames may
 * come in one buffer. Every header rule is checked before a payload byte is handed on; data
 * payloads go to the {@link FrameListener} as unmasked slices of the input (no copy, no
 * allocation per frame), a large frame in several pieces as its bytes arrive. Control frames,
 * at most 125 bytes, are gathered in a small reusable buffer when they arrive split.
 *
 * <p>After the first violation the parser is {@link State#FAILED} and swallows all further input:
 * the connection is being failed and nothing more may be interpreted.
 */
public final class FrameParser {

    private enum State {
        /** Expecting the first header byte: FIN, RSV, opcode. */
        HEADER,
        /** Expecting the second header byte: MASK and the 7-bit length. */
        LENGTH,
        /** Gathering a 16- or 64-bit extended length. */
        EXTENDED_LENGTH,
        /** Gathering the 4-byte masking key. */
        MASK_KEY,
        /** Handing on payload bytes. */
        PAYLOAD,
        /** A violation was found; everything else is ignored. */
        FAILED
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final FrameListener listener;
    private final boolean expectMasked;
    /** Made at the first control frame: most connections get none before their Close, and an idle one then holds 200 bytes less. */
    private ByteBuffer control;
    private long maxFramePayload;
    private int allowedRsv;

    private State state = State.HEADER;
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    /** Bytes still to gather for EXTENDED_LENGTH or MASK_KEY, and what was gathered so far. */
    private int pending;
    private long gathered;
    private long payloadLength;
    private long payloadLeft;
    private int maskKey;
    private int maskPhase;
    private boolean frameStart;
    /** True between the first and the last frame of a fragmented data message. */
    private boolean messageOpen;
    /**
     * One view of the transport's buffer, moved over each payload piece: transports reuse their
     * read buffer, so handing payloads on costs no allocation per frame.
     */
    private ByteBuffer view;
    private ByteBuffer viewSource;
    /** Set by the listener through {@link #pause()}: {@link #parse} returns before the next step. */
    private boolean pauseRequested;

    /**
     * @param expectMasked    true on the server: client frames must be masked; false on the client:
     *                        server frames must not be
     * @param maxFramePayload a frame declaring a longer payload fails with 1009 before any of it is read
     */
    public FrameParser(FrameListener listener, boolean expectMasked, long maxFramePayload) {
        this.listener = listener;
        this.expectMasked = expectMasked;
        this.maxFramePayload = maxFramePayload;
    }

    /** RSV bits that negotiated extensions allow on data frames, e.g. {@code 0b100} for RSV1. */
    public void setAllowedRsv(int rsvMask) {
        this.allowedRsv = rsvMask & 0x7;
    }

    public void setMaxFramePayload(long max) {
        this.maxFramePayload = max;
    }

    /**
     * Makes the {@link #parse} in progress return as soon as the listener call that asked for it has
     * returned, leaving the rest of its input unread: inbound back-pressure for a listener that
     * cannot take more now (a streamed message whose reader is behind). The parser's state stays
     * consistent, so the caller passes the remaining bytes to {@code parse} again later.
     */
    public void pause() {
        pauseRequested = true;
    }

    /**
     * Consumes every remaining byte of {@code data}, unmasking payloads in place, unless the
     * listener calls {@link #pause()}: then {@code data}'s position is left at the first byte not
     * parsed.
     *
     * @throws ProtocolViolation on the first rule broken, by the frames or by the listener
     */
    public void parse(ByteBuffer data) {
        pauseRequested = false;
        try {
            while (data.hasRemaining() && !pauseRequested) {
                switch (state) {
                    case HEADER -> onHeaderByte(data.get());
                    case LENGTH -> onLengthByte(data.get());
                    case EXTENDED_LENGTH, MASK_KEY -> gather(data);
                    case PAYLOAD -> onPayload(data);
                    case FAILED -> data.position(data.limit());
                }
            }
        } catch (ProtocolViolation violation) {
            state = State.FAILED;
            data.position(data.limit());
            throw violation;
        }
    }

    private void onHeaderByte(byte b) {
        fin = (b & 0x80) != 0;
        rsv = (b >> 4) & 0x7;
        opcode = b & 0x0F;
        if (!Opcode.isDefined(opcode)) {
            throw ProtocolViolation.protocolError("Reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if (Opcode.isControl(opcode)) {
            if (rsv != 0) {
                throw ProtocolViolation.protocolError("RSV bits set on a control frame");
            }
            if (!fin) {
                throw ProtocolViolation.protocolError("Fragmented control frame");
            }
        } else {
            if ((rsv & ~allowedRsv) != 0) {
                throw ProtocolViolation.protocolError("RSV bits 0b" + Integer.toBinaryString(rsv)
                        + " set without a negotiated extension that defines them");
            }
            if (opcode == Opcode.CONTINUATION && !messageOpen) {
                throw ProtocolViolation.protocolError("Continuation frame without a message to continue");
            }
            if (opcode != Opcode.CONTINUATION && messageOpen) {
                throw ProtocolViolation.protocolError("New data frame inside a fragmented message");
            }
            messageOpen = !fin;
        }
        state = State.LENGTH;
    }

    private void onLengthByte(byte b) {
        masked = (b & 0x80) != 0;
        if (masked != expectMasked) {
            throw ProtocolViolation.protocolError(expectMasked
                    ? "Unmasked frame from a client" : "Masked frame from a server");
        }
        int length = b & 0x7F;
        if (Opcode.isControl(opcode) && length > MAX_CONTROL_PAYLOAD) {
            throw ProtocolViolation.protocolError("Control frame payload longer than 125 bytes");
        }
        if (length == 126 || length == 127) {
            startGathering(length == 126 ? 2 : 8, State.EXTENDED_LENGTH);
        } else {
            onPayloadLength(length);
        }
    }

    private void onExtendedLength(long value) {
        if (value < 0) {
            throw ProtocolViolation.protocolError("64-bit payload length with its most significant bit set");
        }
        onPayloadLength(value);
    }

    private void onPayloadLength(long length) {
        if (length > maxFramePayload) {
            throw ProtocolViolation.tooBig("Frame payload of " + length + " bytes exceeds the limit of "
                    + maxFramePayload + " bytes");
        }
        payloadLength = length;
        if (masked) {
            startGathering(4, State.MASK_KEY);
        } else {
            maskKey = 0;
            startPayload();
        }
    }

    private void onMaskKey(long value) {
        maskKey = (int) value;
        startPayload();
    }

    private void startGathering(int bytes, State next) {
        pending = bytes;
        gathered = 0;
        state = next;
    }

    /** Gathers big-endian bytes across buffer boundaries; hands on the value when complete. */
    private void gather(ByteBuffer data) {
        while (pending > 0 && data.hasRemaining()) {
            gathered = (gathered << 8) | (data.get() & 0xFF);
            pending--;
        }
        if (pending == 0) {
            if (state == State.EXTENDED_LENGTH) {
                onExtendedLength(gathered);
            } else {
                onMaskKey(gathered);
            }
        }
    }

    private void startPayload() {
        payloadLeft = payloadLength;
        maskPhase = 0;
        frameStart = true;
        if (Opcode.isControl(opcode)) {
            control = control == null ? ByteBuffer.allocate(MAX_CONTROL_PAYLOAD) : control.clear();
        } else {
            listener.onDataFrameHeader(opcode, rsv, fin, payloadLength);
        }
        state = State.PAYLOAD;
        if (payloadLength == 0) {
            endEmptyFrame();
        }
    }

    private void endEmptyFrame() {
        state = State.HEADER;
        if (Opcode.isControl(opcode)) {
            control.flip();
            listener.onControlFrame(opcode, control);
        } else {
            listener.onDataFrame(opcode, rsv, fin, EMPTY.duplicate(), true, true);
        }
    }

    private ByteBuffer pieceOf(ByteBuffer data, int start, int end) {
        if (viewSource != data) {
            view = data.duplicate();
            viewSource = data;
        }
        view.limit(end);
        view.position(start);
        return view;
    }

    private void onPayload(ByteBuffer data) {
        int start = data.position();
        int n = (int) Math.min(payloadLeft, data.remaining());
        int end = start + n;
        if (masked) {
            maskPhase = Masking.mask(data, start, end, maskKey, maskPhase);
        }
        payloadLeft -= n;
        boolean frameEnd = payloadLeft == 0;
        if (frameEnd) {
            state = State.HEADER;
        }
        ByteBuffer piece = pieceOf(data, start, end);
        if (Opcode.isControl(opcode)) {
            control.put(piece);
            data.position(end);
            if (frameEnd) {
                control.flip();
                listener.onControlFrame(opcode, control);
            }
            return;
        }
        data.position(end);
        boolean first = frameStart;
        frameStart = false;
        listener.onDataFrame(opcode, rsv, fin, piece, first, frameEnd);
    }
}
