package dev.wsengine.session;

import dev.wsengine.framing.FrameWriter;

import java.nio.ByteBuffer;

/**
 * Turns one frame into the buffers the {@link FrameFlusher} writes. The caller's payload is
 * never modified: a server frame reuses it as the second buffer of a gathering write (copying
 * only small payloads next to their header), a client frame is masked into a copy as RFC 6455
 * requires.
 */
final class FrameEncoder {

    /** Payloads up to this size are copied next to their header: one buffer beats two small ones. */
    private static final int COPY_BELOW = 1024;

    private final FrameWriter writer;

    FrameEncoder(boolean client) {
        this.writer = client ? FrameWriter.forClient() : FrameWriter.forServer();
    }

    /** The buffers for one frame with no RSV bits; {@code payload} itself is left untouched. */
    ByteBuffer[] encode(int opcode, boolean fin, ByteBuffer payload) {
        return encode(opcode, fin, 0, payload);
    }

    /** The buffers for one frame; {@code payload} itself is left untouched. */
    ByteBuffer[] encode(int opcode, boolean fin, int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        if (writer.masks() || length <= COPY_BELOW) {
            ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerLength(length, writer.masks()) + length);
            writer.copyFrame(frame, opcode, fin, rsv, payload);
            return new ByteBuffer[] {frame.flip()};
        }
        ByteBuffer header = ByteBuffer.allocate(FrameWriter.headerLength(length, false));
        writer.writeHeader(header, opcode, fin, rsv, length);
        return new ByteBuffer[] {header.flip(), payload.duplicate()};
    }
}
