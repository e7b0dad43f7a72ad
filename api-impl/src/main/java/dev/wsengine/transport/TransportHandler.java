package dev.wsengine.transport;

import java.nio.ByteBuffer;

/**
 * What a {@link Transport} drives: in the engine, one WebSocket session.
 * Calls are never concurrent for one transport.
 */
public interface TransportHandler {

    /** The connection is ready; {@code transport} may be used from now on. Called once, first. */
    void onOpen(Transport transport);

    /**
     * Bytes arrived. The handler consumes them all before returning; the buffer is only valid
     * during the call (the transport reuses it), and the handler may modify its content (the
     * frame parser unmasks in place).
     */
    void onData(ByteBuffer data);

    /**
     * The connection is gone: the peer closed it ({@code cause} null), it failed, or
     * {@link Transport#close} completed. Called once, last.
     */
    void onClosed(Throwable cause);
}
