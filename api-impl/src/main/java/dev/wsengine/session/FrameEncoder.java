package dev.wsengine.session;

import dev.wsengine.framing.FrameWriter;
import dev.wsengine.transport.WriteCallback;

import java.nio.ByteBuffer;

/**
 * Turns one frame into what the {@link FrameFlusher} writes. The caller's payload is never
 * modified: a server frame reuses it as the second buffer of a gathering write (copying only small
 * payloads next to their header, into a pooled direct slab when one is free), a client frame is
 * masked into a copy as RFC 6455 requires.
 */
final class FrameEncoder {

    /** Payloads up to this size are copied next to their header: one buffer beats two small ones. */
    static final int COPY_BELOW = 1024;

    private static final FrameEncoder SERVER = new FrameEncoder(false, FrameBufferPool.shared());
    private static final FrameEncoder CLIENT = new FrameEncoder(true, FrameBufferPool.shared());

    private final FrameWriter writer;
    private final FrameBufferPool pool;

    /** The encoder of every session on the shared pool: it holds no state of a session's. */
    static FrameEncoder shared(boolean client) {
        return client ? CLIENT : SERVER;
    }

    FrameEncoder(boolean client, FrameBufferPool pool) {
        this.writer = client ? FrameWriter.forClient() : FrameWriter.forServer();
        this.pool = pool;
    }

    /** One frame with no RSV bits, whose write is reported to {@code callback}; {@code payload} itself is left untouched. */
    FrameFlusher.Frame encode(int opcode, boolean fin, ByteBuffer payload, WriteCallback callback) {
        return encode(opcode, fin, 0, payload, callback);
    }

    /** One frame, whose write is reported to {@code callback}; {@code payload} itself is left untouched. */
    FrameFlusher.Frame encode(int opcode, boolean fin, int rsv, ByteBuffer payload, WriteCallback callback) {
        int length = payload.remaining();
        int frameLength = FrameWriter.headerLength(length, writer.masks()) + length;
        if (writer.masks() || length <= COPY_BELOW) {
            ByteBuffer slab = frameLength <= FrameBufferPool.SLAB_BYTES ? pool.acquire() : null;
            ByteBuffer frame = slab != null ? slab : ByteBuffer.allocate(frameLength);
            writer.copyFrame(frame, opcode, fin, rsv, payload);
            return new FrameFlusher.Frame(new ByteBuffer[] {frame.flip()}, frameLength, callback, slab);
        }
        ByteBuffer header = ByteBuffer.allocate(frameLength - length);
        writer.writeHeader(header, opcode, fin, rsv, length);
        return new FrameFlusher.Frame(new ByteBuffer[] {header.flip(), payload.duplicate()}, frameLength, callback, null);
    }
}
