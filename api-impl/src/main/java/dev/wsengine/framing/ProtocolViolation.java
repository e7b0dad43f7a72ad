package dev.wsengine.framing;

/**
 * A failure of the WebSocket connection, carrying the close code that tells the peer why.
 * Thrown by the framing layer and by the session's message reader; caught in one place, where the
 * connection is failed with {@link #closeCode()}.
 */
public final class ProtocolViolation extends RuntimeException {

    private final int closeCode;

    public ProtocolViolation(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** A breach of the framing rules: 1002. */
    public static ProtocolViolation protocolError(String message) {
        return new ProtocolViolation(CloseCodes.PROTOCOL_ERROR, message);
    }

    /** Data that does not fit the message type, such as invalid UTF-8 in text: 1007. */
    public static ProtocolViolation badPayload(String message) {
        return new ProtocolViolation(CloseCodes.INVALID_PAYLOAD, message);
    }

    /** A frame or message larger than the configured limit: 1009. */
    public static ProtocolViolation tooBig(String message) {
        return new ProtocolViolation(CloseCodes.TOO_BIG, message);
    }

    public int closeCode() {
        return closeCode;
    }
}
