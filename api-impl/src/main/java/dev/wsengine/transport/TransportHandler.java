package dev.wsengine.transport;

import java.nio.ByteBuffer;

/**
 * What a {@link Transport} drives: in the engine, one WebSocket session.
 * Calls are never concurrent for one transport, {@link #onOverload} excepted.
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

    /**
     * The transport holds more received bytes than it may for a handler that has not consumed
     * them; from now on it discards what arrives. May come from any thread, concurrently with the
     * other calls, and must not block.
     *
     * @return true when the handler ends the connection itself (its Close first, then
     *         {@link Transport#close}); false, the default, lets the transport drop it at once
     */
    default boolean onOverload(String reason) {
        return false;
    }
}
