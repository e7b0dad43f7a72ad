package dev.wsengine.handshake;

/**
 * The server's answer to our opening handshake was not an acceptable 101. {@link #status()} is the
 * HTTP status the server sent (101 when the status was right but a header was wrong).
 */
public final class HandshakeFailedException extends Exception {

    private final int status;

    public HandshakeFailedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public HandshakeFailedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
