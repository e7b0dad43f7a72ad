package dev.wsengine.server;

import dev.wsengine.transport.TransportHandler;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's answer to an upgrade request: either 101 with the headers to send and the session
 * that takes over the connection, or an HTTP error status with the headers that go with it.
 */
public final class HandshakeResult {

    private final int status;
    private final Map<String, List<String>> headers;
    private final TransportHandler session;
    private final String message;

    private HandshakeResult(int status, Map<String, List<String>> headers, TransportHandler session, String message) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.session = session;
        this.message = message;
    }

    /** 101 Switching Protocols; the bridge switches the connection to {@code session}. */
    public static HandshakeResult accept(Map<String, List<String>> headers, TransportHandler session) {
        return new HandshakeResult(101, headers, Objects.requireNonNull(session), null);
    }

    /** The handshake is refused with {@code status}; {@code message} says why, for the response body and logs. */
    public static HandshakeResult reject(int status, Map<String, List<String>> headers, String message) {
        return new HandshakeResult(status, headers, null, message);
    }

    public boolean accepted() {
        return session != null;
    }

    public int status() {
        return status;
    }

    /** Response headers to set, names as they should appear on the wire. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The session to drive the switched connection; null when refused. */
    public TransportHandler session() {
        return session;
    }

    public String message() {
        return message;
    }
}
