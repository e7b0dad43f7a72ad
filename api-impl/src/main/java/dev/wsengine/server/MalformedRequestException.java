package dev.wsengine.server;

/**
 * A part of the upgrade request that cannot be decoded, such as a query with {@code %zz} in it:
 * the client's mistake, answered 400, never a server error.
 */
public final class MalformedRequestException extends RuntimeException {

    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
