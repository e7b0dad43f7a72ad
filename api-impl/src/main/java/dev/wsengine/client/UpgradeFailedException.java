package dev.wsengine.client;

import jakarta.websocket.DeploymentException;

import java.util.List;
import java.util.Map;

/**
 * The server did not accept our opening handshake: it answered with a status other than 101, or
 * its 101 broke RFC 6455 (wrong {@code Sec-WebSocket-Accept}, a subprotocol or an extension the
 * client did not offer, missing {@code Upgrade}/{@code Connection}). The message names the URI
 * and the HTTP status; {@link #status()} and {@link #responseHeaders()} give them to a program.
 */
public final class UpgradeFailedException extends DeploymentException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, List<String>> responseHeaders;

    UpgradeFailedException(int status, Map<String, List<String>> responseHeaders, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.responseHeaders = responseHeaders;
    }

    /** The HTTP status the server answered with; 101 when the status was right but a header was wrong. */
    public int status() {
        return status;
    }

    /** The headers of the server's answer, names matched case-insensitively. */
    public Map<String, List<String>> responseHeaders() {
        return responseHeaders;
    }
}
