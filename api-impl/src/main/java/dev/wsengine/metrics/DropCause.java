package dev.wsengine.metrics;

import dev.wsengine.framing.CloseCodes;

/**
 * Why the engine ended a connection the application did not close: the close code it sent (or
 * the HTTP status it refused with) and the fact that it, not the peer, did it.
 */
public enum DropCause {
    /** No message within the idle timeout: we sent 1001, the application saw 1006. */
    IDLE_TIMEOUT,
    /** The peer did not read what we sent, within the send limits: 1008. */
    SLOW_PEER,
    /** A frame broke RFC 6455: 1002. */
    PROTOCOL_VIOLATION,
    /** A text message was not UTF-8, or a payload was otherwise malformed: 1007. */
    INVALID_DATA,
    /** A message exceeded the endpoint's maximum message size: 1009. */
    MESSAGE_TOO_BIG,
    /**
     * The container was full or stopping, or over its buffer budget: a 503 to the handshake, or
     * 1013 on an open session.
     */
    OVERLOAD,
    /** The endpoint failed (1011) or another code ended the connection from our side. */
    OTHER,
    /** TCP ended without a Close frame from either side (the peer vanished): 1006. */
    CONNECTION_LOST;

    /** The cause of a connection we failed with {@code closeCode}. */
    public static DropCause ofFailure(int closeCode) {
        return switch (closeCode) {
            case CloseCodes.PROTOCOL_ERROR -> PROTOCOL_VIOLATION;
            case CloseCodes.INVALID_PAYLOAD -> INVALID_DATA;
            case CloseCodes.TOO_BIG -> MESSAGE_TOO_BIG;
            case CloseCodes.POLICY_VIOLATION -> SLOW_PEER;
            case CloseCodes.TRY_AGAIN_LATER -> OVERLOAD;
            default -> OTHER;
        };
    }
}
