package dev.wsengine.handshake;

import java.util.List;

/**
 * Parses and formats {@code Sec-WebSocket-Protocol}: a comma-separated list of tokens (RFC 6455
 * section 4.1 and 11.3.4), possibly over several header lines.
 */
public final class SubprotocolHeader {

    private SubprotocolHeader() {
    }

    /**
     * The requested subprotocols in order; empty when the header is absent or empty.
     *
     * @throws HandshakeException 400 when an element is not a token
     */
    public static List<String> parse(List<String> headerLines) {
        List<String> protocols = HttpTokens.listElements(headerLines);
        for (String p : protocols) {
            if (!HttpTokens.isToken(p)) {
                throw HandshakeException.badRequest("Malformed " + HeaderNames.SEC_WEBSOCKET_PROTOCOL
                        + " header: '" + p + "' is not a token");
            }
        }
        return List.copyOf(protocols);
    }

    public static String format(List<String> protocols) {
        for (String p : protocols) {
            if (!HttpTokens.isToken(p)) {
                throw new IllegalArgumentException("Subprotocol must be an HTTP token: '" + p + "'");
            }
        }
        return String.join(", ", protocols);
    }
}
