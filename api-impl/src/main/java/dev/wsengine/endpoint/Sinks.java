package dev.wsengine.endpoint;

import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

/**
 * Builds the sink for a message of a given Java type, converting what the session delivers
 * (text, bytes, a reader or a stream) into that type on the way: the one place where
 * programmatic handlers and {@code @OnMessage} methods meet the session.
 */
final class Sinks {

    /** Where a converted message ends up: a handler or an annotated method. */
    @FunctionalInterface
    interface Target {
        void accept(Object message, boolean last) throws Exception;
    }

    private Sinks() {
    }

    /**
     * The sink for messages of {@code type}, or null when the type cannot be received in that
     * form (a partial message of anything but String, ByteBuffer and byte[]; a type no decoder takes).
     *
     * @param decoderKind what the endpoint's decoders offer for {@code type}, or null
     */
    static MessageSink forType(Class<?> type, boolean partial, Decoders.Kind decoderKind, Decoders decoders,
                               Target target, MessageHandler handler, long maxMessageSize) {
        if (partial) {
            if (type == String.class) {
                return text(DeliveryMode.PARTIAL, target, handler, maxMessageSize);
            }
            if (type == ByteBuffer.class) {
                return binary(DeliveryMode.PARTIAL, target, handler, maxMessageSize);
            }
            if (type == byte[].class) {
                return binary(DeliveryMode.PARTIAL, (m, last) -> target.accept(toArray((ByteBuffer) m), last),
                        handler, maxMessageSize);
            }
            return null;
        }
        if (type == String.class) {
            return text(DeliveryMode.WHOLE, target, handler, maxMessageSize);
        }
        if (decoderKind != null && type != PongMessage.class) {
            // A decoder the endpoint declares for a type wins over the built-in conversion (the TCK
            // decodes into Reader and InputStream that way); String is always the text itself.
            return decoded(type, decoderKind, decoders, target, handler, maxMessageSize);
        }
        if (type == Reader.class) {
            return text(DeliveryMode.STREAM, target, handler, maxMessageSize);
        }
        if (type == ByteBuffer.class) {
            return binary(DeliveryMode.WHOLE, target, handler, maxMessageSize);
        }
        if (type == byte[].class) {
            return binary(DeliveryMode.WHOLE, (m, last) -> target.accept(toArray((ByteBuffer) m), last),
                    handler, maxMessageSize);
        }
        if (type == InputStream.class) {
            return binary(DeliveryMode.STREAM, target, handler, maxMessageSize);
        }
        if (type == PongMessage.class) {
            return pong(target, handler);
        }
        if (Primitives.isPrimitiveOrBox(type)) {
            return text(DeliveryMode.WHOLE, (m, last) -> target.accept(Primitives.fromText(type, (String) m), last),
                    handler, maxMessageSize);
        }
        return null;
    }

    private static MessageSink decoded(Class<?> type, Decoders.Kind kind, Decoders decoders, Target target,
                                       MessageHandler handler, long max) {
        return switch (kind) {
            case TEXT -> text(DeliveryMode.WHOLE,
                    (m, last) -> target.accept(decoders.decodeText(type, (String) m), last), handler, max);
            case TEXT_STREAM -> text(DeliveryMode.STREAM,
                    (m, last) -> target.accept(decoders.decodeTextStream(type, (Reader) m), last), handler, max);
            case BINARY -> binary(DeliveryMode.WHOLE,
                    (m, last) -> target.accept(decoders.decodeBinary(type, (ByteBuffer) m), last), handler, max);
            case BINARY_STREAM -> binary(DeliveryMode.STREAM,
                    (m, last) -> target.accept(decoders.decodeBinaryStream(type, (InputStream) m), last), handler, max);
        };
    }

    /**
     * The session hands sinks fresh buffers the receiver may keep, so a heap buffer that spans its
     * whole array is passed on as that array rather than copied again.
     */
    private static byte[] toArray(ByteBuffer buffer) {
        if (buffer.hasArray() && !buffer.isReadOnly() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            byte[] whole = buffer.array();
            buffer.position(buffer.limit());
            return whole;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static TextSink text(DeliveryMode mode, Target target, MessageHandler handler, long max) {
        return new TextSink() {
            @Override
            public DeliveryMode mode() {
                return mode;
            }

            @Override
            public void onText(String text, boolean last) throws Exception {
                target.accept(text, last);
            }

            @Override
            public void onReader(Reader reader) throws Exception {
                target.accept(reader, true);
            }

            @Override
            public long maxMessageSize() {
                return max;
            }

            @Override
            public MessageHandler handler() {
                return handler;
            }
        };
    }

    static BinarySink binary(DeliveryMode mode, Target target, MessageHandler handler, long max) {
        return new BinarySink() {
            @Override
            public DeliveryMode mode() {
                return mode;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) throws Exception {
                target.accept(data, last);
            }

            @Override
            public void onStream(InputStream stream) throws Exception {
                target.accept(stream, true);
            }

            @Override
            public long maxMessageSize() {
                return max;
            }

            @Override
            public MessageHandler handler() {
                return handler;
            }
        };
    }

    static PongSink pong(Target target, MessageHandler handler) {
        return new PongSink() {
            @Override
            public void onPong(PongMessage pong) throws Exception {
                target.accept(pong, true);
            }

            @Override
            public MessageHandler handler() {
                return handler;
            }
        };
    }
}
