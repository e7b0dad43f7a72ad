package dev.wsengine.extensions;

/**
 * A permessage-deflate offer or answer that cannot be used, with the reason in the message.
 * <p>
 * On the server this means "decline this offer" (the reason is for logs; the handshake goes on
 * without the extension or with a later offer). On the client it means the server's answer is
 * invalid or asks for something we cannot do, and RFC 7692 section 7.1 says the client must then
 * fail the WebSocket connection.
 */
public final class DeflateNegotiationException extends Exception {

    private static final long serialVersionUID = 1L;

    public DeflateNegotiationException(String reason) {
        super(reason);
    }
}
