package dev.wsengine.handshake;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code Sec-WebSocket-Protocol} and other comma-separated token lists, over several header lines. */
public final class ProtocolHeader {

    private ProtocolHeader() {
    }

    public static List<String> parse(List<String> headerValues) {
        List<String> tokens = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** True when a comma-separated header holds {@code token}, compared case-insensitively. */
    public static boolean containsToken(List<String> headerValues, String token) {
        return parse(headerValues).stream().anyMatch(token::equalsIgnoreCase);
    }
}
