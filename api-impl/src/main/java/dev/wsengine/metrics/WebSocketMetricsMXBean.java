package dev.wsengine.metrics;

import java.util.Map;

/**
 * What a server container, or one endpoint path of it, has seen since it started. Counts are
 * cumulative; {@link #getOpenSessions()} and {@link #getSendQueueHighWaterBytes()} are levels.
 * Close codes and HTTP statuses are the keys of their maps.
 */
public interface WebSocketMetricsMXBean {

    /** Sessions open now. */
    long getOpenSessions();

    /** Sessions opened since start. */
    long getSessionsOpened();

    /** Opening handshakes answered 101. */
    long getHandshakesAccepted();

    /** Opening handshakes refused, by HTTP status (400, 403, 426, 500, 503 ...). */
    Map<Integer, Long> getHandshakesRefused();

    /** Whole messages received (text and binary). */
    long getMessagesIn();

    /** Payload bytes received, after decompression. */
    long getBytesIn();

    /** Whole messages sent (text and binary). */
    long getMessagesOut();

    /** Payload bytes handed to the send queues, before compression. */
    long getBytesOut();

    /** Close frames sent, by close code: the answers to the peer's Close included. */
    Map<Integer, Long> getCloseCodesSent();

    /** Close frames received, by close code (1005 for a Close without a code). */
    Map<Integer, Long> getCloseCodesReceived();

    /** Connections the engine ended on its own, by cause (see {@link DropCause}). */
    Map<String, Long> getDrops();

    /** The most bytes any one session's outgoing queue has held. */
    long getSendQueueHighWaterBytes();
}
