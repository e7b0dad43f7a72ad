package dev.wsengine.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking socket as seen above TLS: plain bytes in and out. The same calls serve the
 * connect phase (driven with a deadline) and the WebSocket phase (driven by the selector loop).
 */
interface Wire {

    SocketChannel channel();

    /** Reads into {@code dst}: the number of bytes, 0 when none are available yet, -1 at the end. */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes as much of {@code srcs} as the socket takes now.
     *
     * @return true when every byte (and, over TLS, every record) has gone to the socket
     */
    boolean write(ByteBuffer[] srcs) throws IOException;

    /**
     * True when bytes the wire produced on its own (a TLS answer made while reading) still wait
     * for the socket; {@code write} with nothing to write flushes them.
     */
    default boolean hasPendingOutput() {
        return false;
    }

    void close();
}
