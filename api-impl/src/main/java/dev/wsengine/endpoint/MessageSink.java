package dev.wsengine.endpoint;

/**
 * Where the session delivers one kind of incoming message. A sink is built once per session,
 * either from a programmatic {@code MessageHandler} or from an {@code @OnMessage} method, so the
 * session never looks at handler types or annotations itself.
 *
 * <p>Exceptions thrown by a sink (the application's own, or a {@code DecodeException}) are
 * reported by the session to the endpoint's {@code onError}; the session stays open.
 */
public sealed interface MessageSink permits TextSink, BinarySink, PongSink {

    /**
     * The largest message this sink accepts, in bytes, from {@code @OnMessage(maxMessageSize)};
     * -1 when the sink sets no limit of its own (the session's buffer size then applies).
     */
    default long maxMessageSize() {
        return -1;
    }

    /** The programmatic handler behind this sink, or null for an annotated method. */
    default jakarta.websocket.MessageHandler handler() {
        return null;
    }
}
