package dev.wsengine.endpoint;

import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's encoders, for {@code sendObject} and the return values of {@code @OnMessage}
 * methods. The encoder declared for the value's closest type wins; values no encoder takes are
 * sent as the API says: strings and primitives as text, {@code ByteBuffer}s and byte arrays as
 * binary.
 */
public final class Encoders implements AutoCloseable {

    /** An encoded message: text, or binary when {@link #text()} is null. */
    public record Encoded(String text, ByteBuffer binary) {
        public boolean isText() {
            return text != null;
        }
    }

    private enum Kind {
        TEXT(Encoder.Text.class), TEXT_STREAM(Encoder.TextStream.class),
        BINARY(Encoder.Binary.class), BINARY_STREAM(Encoder.BinaryStream.class);

        final Class<?> api;

        Kind(Class<?> api) {
            this.api = api;
        }
    }

    private record Live(Encoder instance, Kind kind, Class<?> type) {
    }

    private final List<Live> encoders;
    /** Guarded by this: a plain flag, not an AtomicBoolean, as one of these lives with every session. */
    private boolean closed;

    /** What every session of an endpoint that declares no encoder shares: it holds no state. */
    private static final Encoders NONE = new Encoders(List.of());

    private Encoders(List<Live> encoders) {
        this.encoders = encoders;
    }

    /** @throws IllegalStateException when an encoder cannot be created or initialised */
    public static Encoders create(List<Class<? extends Encoder>> encoderClasses, EndpointConfig config) {
        if (encoderClasses.isEmpty()) {
            return NONE;
        }
        List<Live> live = new ArrayList<>();
        try {
            for (Class<? extends Encoder> type : encoderClasses) {
                live.add(instantiate(type, config));
            }
        } catch (RuntimeException | Error e) {
            new Encoders(live).close();
            throw e;
        }
        return new Encoders(List.copyOf(live));
    }

    private static Live instantiate(Class<? extends Encoder> type, EndpointConfig config) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.api.isAssignableFrom(type)) {
                kind = k;
                break;
            }
        }
        if (kind == null) {
            throw new IllegalStateException(type.getName() + " implements none of Encoder.Text, "
                    + "Encoder.TextStream, Encoder.Binary, Encoder.BinaryStream");
        }
        Class<?> target = TypeArguments.resolve(type, kind.api, 0);
        Encoder encoder;
        try {
            encoder = type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot instantiate encoder " + type.getName()
                    + ": it needs a public no-argument constructor", e);
        }
        encoder.init(config);
        return new Live(encoder, kind, target == null ? Object.class : EndpointModel.boxed(target));
    }

    /**
     * @throws EncodeException when no encoder and no built-in form fits the value's class, or the
     *         chosen encoder fails (its own EncodeException, an IOException, a RuntimeException or a null result)
     */
    public Encoded encode(Object value) throws EncodeException {
        if (value == null) {
            throw new EncodeException(null, "Cannot encode null");
        }
        Live encoder = closestFor(value.getClass());
        if (encoder == null) {
            return builtIn(value);
        }
        Encoded encoded;
        try {
            encoded = encodeWith(encoder, value);
        } catch (IOException | RuntimeException e) {
            throw new EncodeException(value, "Encoder " + encoder.instance().getClass().getName() + " failed: " + e, e);
        }
        if (encoded.text() == null && encoded.binary() == null) {
            throw new EncodeException(value, "Encoder " + encoder.instance().getClass().getName() + " returned null");
        }
        return encoded;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Encoded encodeWith(Live encoder, Object value) throws EncodeException, IOException {
        switch (encoder.kind()) {
            case TEXT:
                return new Encoded(((Encoder.Text) encoder.instance()).encode(value), null);
            case TEXT_STREAM: {
                StringWriter writer = new StringWriter();
                ((Encoder.TextStream) encoder.instance()).encode(value, writer);
                return new Encoded(writer.toString(), null);
            }
            case BINARY:
                return new Encoded(null, ((Encoder.Binary) encoder.instance()).encode(value));
            default: {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((Encoder.BinaryStream) encoder.instance()).encode(value, out);
                return new Encoded(null, ByteBuffer.wrap(out.toByteArray()));
            }
        }
    }

    /** The encoder whose declared type is nearest to {@code type} in its class hierarchy. */
    private Live closestFor(Class<?> type) {
        Live best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Live live : encoders) {
            if (live.type().isAssignableFrom(type)) {
                int distance = distance(type, live.type());
                if (distance < bestDistance) {
                    best = live;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    private static int distance(Class<?> from, Class<?> to) {
        int steps = 0;
        for (Class<?> c = from; c != null; c = c.getSuperclass(), steps++) {
            if (c == to) {
                return steps;
            }
        }
        return to.isInterface() ? 1000 : 2000; // an interface, or Object for an interface value
    }

    private static Encoded builtIn(Object value) throws EncodeException {
        if (value instanceof String || Primitives.isPrimitiveOrBox(value.getClass())) {
            return new Encoded(value.toString(), null);
        }
        if (value instanceof ByteBuffer buffer) {
            return new Encoded(null, buffer.duplicate());
        }
        if (value instanceof byte[] bytes) {
            return new Encoded(null, ByteBuffer.wrap(bytes));
        }
        throw new EncodeException(value, "No encoder for " + value.getClass().getName()
                + " is declared for this endpoint");
    }

    /** Destroys every encoder once; later calls do nothing. One encoder failing does not spare the others. */
    @Override
    public void close() {
        if (encoders.isEmpty()) {
            return; // nothing to destroy, and the instance may be the shared one
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Destroyer.destroyAll(encoders.stream().map(live -> (Runnable) () -> live.instance().destroy()).toList());
    }
}
