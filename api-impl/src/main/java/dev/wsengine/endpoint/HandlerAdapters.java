package dev.wsengine.endpoint;

import jakarta.websocket.MessageHandler;

/** Turns the application's {@link MessageHandler}s into the sinks the session delivers to. */
public final class HandlerAdapters {

    private HandlerAdapters() {
    }

    /**
     * For {@code Session.addMessageHandler(MessageHandler)}: the message type is read from the
     * handler's generic interface.
     *
     * @throws IllegalStateException when the type cannot be told (a lambda, a raw type) or not received
     */
    public static MessageSink adapt(MessageHandler handler, Decoders decoders) {
        boolean partial = handler instanceof MessageHandler.Partial;
        Class<?> type = TypeArguments.resolve(handler.getClass(),
                partial ? MessageHandler.Partial.class : MessageHandler.Whole.class, 0);
        if (type == null) {
            throw new IllegalStateException("Cannot tell which message type " + handler.getClass().getName()
                    + " handles (a lambda or a raw type); use addMessageHandler(Class, handler)");
        }
        return adapt(handler, type, partial, decoders);
    }

    /**
     * For {@code Session.addMessageHandler(Class, Whole)} and {@code (Class, Partial)}.
     *
     * @throws IllegalStateException when messages of {@code type} cannot be received
     */
    @SuppressWarnings("unchecked")
    public static MessageSink adapt(MessageHandler handler, Class<?> type, boolean partial, Decoders decoders) {
        Sinks.Target target = partial
                ? (message, last) -> ((MessageHandler.Partial<Object>) handler).onMessage(message, last)
                : (message, last) -> ((MessageHandler.Whole<Object>) handler).onMessage(message);
        Class<?> wanted = type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
        Decoders.Kind kind = decoders == null ? null : decoders.kindFor(wanted);
        MessageSink sink = Sinks.forType(wanted, partial, kind, decoders, target, handler, -1);
        if (sink == null) {
            throw new IllegalStateException("Cannot receive " + (partial ? "partial " : "") + "messages of type "
                    + type.getName() + " for " + handler.getClass().getName()
                    + (partial ? ": partial messages come as String, ByteBuffer or byte[]"
                    : ": no decoder of this endpoint decodes it"));
        }
        return sink;
    }
}
