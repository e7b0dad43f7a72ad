package dev.wsengine.framing;

/**
 * The close codes of RFC 6455 section 7.4 and the rules on which of them may travel on the wire.
 * This is the one place where a failure becomes a close code.
 */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Reported locally when a Close frame had no code; never sent. */
    public static final int NO_STATUS = 1005;
    /** Reported locally when the connection dropped without a Close; never sent. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;
    /** Reported locally when the TLS handshake failed; never sent. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {
    }

    /**
     * True when {@code code} may appear in a Close frame: the codes RFC 6455 and IANA's registry
     * define for the wire (1000–1003, 1007–1014), and the ranges left to libraries and
     * applications (3000–4999).
     */
    public static boolean mayBeSent(int code) {
        if (code >= 3000 && code <= 4999) {
            return true;
        }
        return (code >= NORMAL && code <= UNSUPPORTED_DATA) || (code >= INVALID_PAYLOAD && code <= BAD_GATEWAY);
    }

    /** The close code for a failure found while reading or writing the connection. */
    public static int forFailure(Throwable failure) {
        if (failure instanceof ProtocolViolation violation) {
            return violation.closeCode();
        }
        return INTERNAL_ERROR;
    }
}
