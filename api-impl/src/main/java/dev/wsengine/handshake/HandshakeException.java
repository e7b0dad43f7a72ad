package dev.wsengine.handshake;

import java.util.List;
import java.util.Map;

/**
 * A handshake that cannot go on because of what the peer sent: the HTTP status a server answers
 * with, the headers that go with it, and why. Header parsers throw it with 400 for a value that
 * breaks its grammar; a client turns it into a {@link HandshakeFailedException}.
 */
public final class HandshakeException extends RuntimeException {

    private final int status;
    private final Map<String, List<String>> headers;

    public HandshakeException(int status, Map<String, List<String>> headers, String message) {
        super(message);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static HandshakeException badRequest(String message) {
        return new HandshakeException(400, Map.of(), message);
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }
}
