package dev.wsengine.server;

import jakarta.websocket.HandshakeResponse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link HandshakeResponse} a configurator may change in {@code modifyHandshake}: a mutable
 * map whose names are matched case-insensitively, holding the negotiated headers of the 101
 * (accept key, subprotocol, extensions) when it is handed over.
 */
final class WsHandshakeResponse implements HandshakeResponse {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }
}
