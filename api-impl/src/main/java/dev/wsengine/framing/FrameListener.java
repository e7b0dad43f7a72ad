package dev.wsengine.framing;

import java.nio.ByteBuffer;

/**
 * Receives what the {@link FrameParser} finds, in wire order. Payloads arrive unmasked.
 * A buffer passed here is only valid during the call.
 */
public interface FrameListener {

    /**
     * A piece of a data frame's payload. A frame may be handed on in several pieces (as its bytes
     * arrive); a frame with an empty payload comes as one call with an empty buffer.
     *
     * @param opcode     {@link Opcode#TEXT}, {@link Opcode#BINARY} or {@link Opcode#CONTINUATION}
     * @param rsv        the frame's RSV bits, as {@code (byte0 >> 4) & 0x7}
     * @param fin        the frame's FIN bit
     * @param payload    the next bytes of the payload
     * @param frameStart true on the first piece of the frame
     * @param frameEnd   true on the last piece of the frame; the message ends when {@code fin} too
     */
    void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd);

    /**
     * A data frame's header, before any of its payload: {@code payloadLength} is the length the
     * header announces. A listener may refuse a frame that cannot fit (1009) before its bytes come.
     */
    default void onDataFrameHeader(int opcode, int rsv, boolean fin, long payloadLength) {
    }

    /** A whole control frame ({@link Opcode#CLOSE}, {@link Opcode#PING} or {@link Opcode#PONG}). */
    void onControlFrame(int opcode, ByteBuffer payload);
}
