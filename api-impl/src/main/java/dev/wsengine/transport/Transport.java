package dev.wsengine.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The byte pipe under one WebSocket connection, after the opening handshake.
 *
 * <p>This is the whole boundary between the engine and the things that move bytes: the portable
 * servlet upgrade, Jetty's own {@code EndPoint}, the client's NIO sockets and the in-memory pipe
 * used by tests. Everything above it is the same code for all of them.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #write} never blocks. The engine issues at most one write at a time: it calls
 *       {@code write} again only after the previous callback ran. The callback may run on any
 *       thread, including inline inside {@code write}.</li>
 *   <li>Inbound bytes go to the {@link TransportHandler} given when the transport was started,
 *       never from two threads at once, and on a thread that may block (never a selector thread),
 *       because the engine runs application callbacks inline.</li>
 * </ul>
 */
public interface Transport {

    /**
     * Writes the remaining bytes of {@code buffers}, in order, and then calls {@code callback}.
     * The buffers belong to the transport until the callback runs.
     */
    void write(WriteCallback callback, ByteBuffer... buffers);

    /** Stops delivering inbound bytes until {@link #resumeReading()}: inbound back-pressure. */
    void suspendReading();

    /** Delivers inbound bytes again after {@link #suspendReading()}. */
    void resumeReading();

    /**
     * Closes the connection. Bytes already handed to {@link #write} are flushed first unless
     * {@code abort} is set. Idempotent. The handler's {@link TransportHandler#onClosed} runs once
     * afterwards.
     */
    void close(boolean abort);

    /**
     * Closes the connection once the close handshake is over both ways: the peer has sent its
     * Close, so it sends nothing more, and there is nothing to read until its end (RFC 6455
     * section 7.1.1: the server closes TCP first). Bytes already handed to {@link #write} are
     * flushed first. A transport that drains the peer's bytes after {@code close(false)}, so that a
     * peer still sending does not get a reset instead of our Close, closes at once here.
     */
    default void closeAfterCloseHandshake() {
        close(false);
    }

    /** True when the connection runs over TLS. */
    boolean isSecure();

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();
}
