package dev.wsengine.endpoint;

/**
 * Implemented by the session: where an annotated endpoint registers the sinks built from its
 * {@code @OnMessage} methods when it opens. At most one sink per kind (text, binary, pong).
 */
public interface SinkRegistry {

    /** @throws IllegalStateException when a sink of the same kind is already registered */
    void register(MessageSink sink);

    /** The session's decoders, made from its EndpointConfig when it opened. */
    Decoders decoders();

    /** The session's encoders, made from its EndpointConfig when it opened. */
    Encoders encoders();
}
