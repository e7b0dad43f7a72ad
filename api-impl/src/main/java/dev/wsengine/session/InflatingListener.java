package dev.wsengine.session;

import dev.wsengine.settings.PeerLimits;
import dev.wsengine.extensions.MessageInflater;
import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.ProtocolViolation;

import java.nio.ByteBuffer;

/**
 * Sits between the frame parser and {@link IncomingMessages} on a connection with
 * permessage-deflate (RFC 7692): messages whose first frame has RSV1 set are inflated, and what
 * comes out is handed on as if it had arrived uncompressed. {@link IncomingMessages} therefore
 * counts its size limits, and validates UTF-8, on the inflated bytes; the inflater hands them on in
 * chunks of its fixed buffer, so a message over the limit fails with 1009 after at most one
 * buffer past it, however small the compressed frame was.
 * <p>
 * The inflation ratio of a message (inflated ÷ compressed bytes so far) is checked after every
 * inflated chunk once the message has inflated past {@link PeerLimits#INFLATION_RATIO_FLOOR_BYTES}:
 * a message beyond {@link PeerLimits#maxInflationRatio()} fails with 1009 there, which bounds the
 * work and the deliveries a few compressed bytes can cause where no size limit applies (partial
 * and streaming handlers).
 * <p>
 * Called by one thread at a time (the session's read path), like every {@link FrameListener}.
 */
final class InflatingListener implements FrameListener {

    /** RSV1 in the parser's {@code rsv} argument: "this message is compressed". */
    static final int RSV1 = 0b100;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final FrameListener next;
    private final MessageInflater inflater;
    /** 0 for no check. */
    private final long maxRatio;
    private long compressedBytes;
    private long inflatedBytes;

    /** True while the message being received is compressed. */
    private boolean compressed;
    private int messageOpcode;
    /** True once the current compressed message has handed anything on. */
    private boolean started;
    /** Set when the peer's Close arrived: what follows is ignored, not inflated. */
    private boolean closed;

    InflatingListener(FrameListener next, MessageInflater inflater, int maxRatio) {
        this.next = next;
        this.inflater = inflater;
        this.maxRatio = maxRatio;
    }

    @Override
    public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd) {
        if (closed) {
            return;
        }
        if (frameStart) {
            if (opcode != Opcode.CONTINUATION) {
                compressed = (rsv & RSV1) != 0;
                messageOpcode = opcode;
                started = false;
                compressedBytes = 0;
                inflatedBytes = 0;
            } else if ((rsv & RSV1) != 0) {
                throw ProtocolViolation.protocolError("RSV1 set on a continuation frame (RFC 7692 section 6.1)");
            }
        }
        if (!compressed) {
            next.onDataFrame(opcode, rsv, fin, payload, frameStart, frameEnd);
            return;
        }
        boolean messageEnd = fin && frameEnd;
        compressedBytes += payload.remaining();
        // The limit is IncomingMessages' business: it sees every inflated chunk and throws 1009,
        // which ends the inflation at once.
        inflater.inflate(payload, messageEnd, Long.MAX_VALUE, this::handOn);
        if (messageEnd) {
            handOnEnd();
        }
    }

    /** A compressed frame's length says nothing of what it inflates to: only plain frames are announced on. */
    @Override
    public void onDataFrameHeader(int opcode, int rsv, boolean fin, long payloadLength) {
        boolean compressedFrame = opcode == Opcode.CONTINUATION ? compressed : (rsv & RSV1) != 0;
        if (!closed && !compressedFrame) {
            next.onDataFrameHeader(opcode, rsv, fin, payloadLength);
        }
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) {
        if (opcode == Opcode.CLOSE) {
            closed = true;
        }
        next.onControlFrame(opcode, payload);
    }

    /** One inflated chunk as one whole frame of a message that has not ended yet. */
    private void handOn(ByteBuffer chunk) {
        inflatedBytes += chunk.remaining();
        if (maxRatio > 0 && inflatedBytes > PeerLimits.INFLATION_RATIO_FLOOR_BYTES
                && inflatedBytes > maxRatio * Math.max(1, compressedBytes)) {
            throw ProtocolViolation.tooBig("The compressed message inflates more than " + maxRatio
                    + " times its size (" + compressedBytes + " bytes inflated past " + inflatedBytes
                    + "; maxInflationRatio)");
        }
        next.onDataFrame(started ? Opcode.CONTINUATION : messageOpcode, 0, false, chunk, true, true);
        started = true;
    }

    /**
     * The end of the message comes apart from its last chunk: only once the inflater has returned
     * do we know that nothing more comes out.
     */
    private void handOnEnd() {
        next.onDataFrame(started ? Opcode.CONTINUATION : messageOpcode, 0, true, EMPTY, true, true);
        compressed = false;
    }
}
