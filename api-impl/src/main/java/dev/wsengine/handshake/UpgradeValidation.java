package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.List;
import java.util.Map;

/**
 * What {@link ServerRequestValidator} made of a request. Exactly one of:
 * <ul>
 *   <li>{@link NotWebSocket}: no {@code Upgrade} header carries the {@code websocket} token, so the
 *       client is not asking for a WebSocket at all. The caller passes the request on unchanged
 *       (down the filter chain); it is not an error.</li>
 *   <li>{@link Refused}: the client asks for a WebSocket ({@code Upgrade: websocket}) but the
 *       request is broken. The caller answers with {@code status} and {@code headers}
 *       (400, or 426 for a version other than 13; both carry {@code Sec-WebSocket-Version: 13}).</li>
 *   <li>{@link Valid}: a well-formed RFC 6455 opening handshake, with its parsed values.</li>
 * </ul>
 */
public sealed interface UpgradeValidation {

    record NotWebSocket() implements UpgradeValidation {
    }

    record Refused(int status, Map<String, List<String>> headers, String message) implements UpgradeValidation {
        public Refused {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * @param key          the client's {@code Sec-WebSocket-Key}, as sent
     * @param origin       the {@code Origin} header, or null when absent
     * @param subprotocols the requested subprotocols in the client's order
     * @param extensions   the requested extensions in the client's order
     */
    record Valid(String key, String origin, List<String> subprotocols, List<Extension> extensions)
            implements UpgradeValidation {
        public Valid {
            subprotocols = List.copyOf(subprotocols);
            extensions = List.copyOf(extensions);
        }

        /** The {@code Sec-WebSocket-Accept} value answering {@link #key()}. */
        public String acceptKey() {
            return AcceptKey.forKey(key);
        }
    }
}
