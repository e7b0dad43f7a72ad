package dev.wsengine.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's decoders, created and initialised when the session opens and destroyed when it
 * closes. For a target type the first decoder in declaration order that accepts the message
 * ({@code willDecode}) decodes it.
 */
public final class Decoders implements AutoCloseable {

    /** The four shapes of {@link Decoder}. */
    enum Kind {
        TEXT(Decoder.Text.class, true), TEXT_STREAM(Decoder.TextStream.class, true),
        BINARY(Decoder.Binary.class, false), BINARY_STREAM(Decoder.BinaryStream.class, false);

        final Class<?> api;
        final boolean text;

        Kind(Class<?> api, boolean text) {
            this.api = api;
            this.text = text;
        }
    }

    /** What a decoder class decodes, found once by looking at its generic interfaces. */
    record Declared(Class<? extends Decoder> decoder, Kind kind, Class<?> type) {

        static Declared of(Class<? extends Decoder> decoder) {
            for (Kind kind : Kind.values()) {
                if (kind.api.isAssignableFrom(decoder)) {
                    Class<?> type = TypeArguments.resolve(decoder, kind.api, 0);
                    return new Declared(decoder, kind, type == null ? Object.class : type);
                }
            }
            throw new IllegalArgumentException(decoder.getName() + " implements none of Decoder.Text, "
                    + "Decoder.TextStream, Decoder.Binary, Decoder.BinaryStream");
        }

        boolean decodes(Class<?> target) {
            return target.isAssignableFrom(type);
        }
    }

    private record Live(Declared declared, Decoder instance) {
    }

    private final List<Live> decoders;
    /** Guarded by this: a plain flag, not an AtomicBoolean, as one of these lives with every session. */
    private boolean closed;

    /** What every session of an endpoint that declares no decoder shares: it holds no state. */
    private static final Decoders NONE = new Decoders(List.of());

    private Decoders(List<Live> decoders) {
        this.decoders = decoders;
    }

    /**
     * @throws IllegalStateException when a decoder cannot be created, IllegalArgumentException when a
     *         class is no decoder; whatever {@code init} throws comes out as it is
     */
    public static Decoders create(List<Class<? extends Decoder>> decoderClasses, EndpointConfig config) {
        if (decoderClasses.isEmpty()) {
            return NONE;
        }
        List<Live> live = new ArrayList<>();
        try {
            for (Class<? extends Decoder> type : decoderClasses) {
                Declared declared = Declared.of(type);
                Decoder decoder;
                try {
                    decoder = type.getConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot instantiate decoder " + type.getName()
                            + ": it needs a public no-argument constructor", e);
                }
                decoder.init(config);
                live.add(new Live(declared, decoder));
            }
        } catch (RuntimeException | Error e) {
            // The session never sees a half-built set: what was initialised is destroyed here.
            new Decoders(live).close();
            throw e;
        }
        return new Decoders(List.copyOf(live));
    }

    /** The kind of the first declared decoder for {@code target}, or null when none decodes it. */
    static Kind kindFor(List<Class<? extends Decoder>> decoderClasses, Class<?> target) {
        for (Class<? extends Decoder> type : decoderClasses) {
            Declared declared = Declared.of(type);
            if (declared.decodes(target)) {
                return declared.kind();
            }
        }
        return null;
    }

    Kind kindFor(Class<?> target) {
        for (Live d : decoders) {
            if (d.declared().decodes(target)) {
                return d.declared().kind();
            }
        }
        return null;
    }

    Object decodeText(Class<?> target, String text) throws DecodeException {
        for (Live d : decoders) {
            if (d.declared().kind() == Kind.TEXT && d.declared().decodes(target)) {
                Decoder.Text<?> decoder = (Decoder.Text<?>) d.instance();
                try {
                    if (decoder.willDecode(text)) {
                        return decoder.decode(text);
                    }
                } catch (RuntimeException e) {
                    throw new DecodeException(text, decoder.getClass().getName() + " failed: " + e, e);
                }
            }
        }
        throw new DecodeException(text, "No text decoder for " + target.getName() + " accepted the message");
    }

    Object decodeBinary(Class<?> target, ByteBuffer bytes) throws DecodeException {
        for (Live d : decoders) {
            if (d.declared().kind() == Kind.BINARY && d.declared().decodes(target)) {
                Decoder.Binary<?> decoder = (Decoder.Binary<?>) d.instance();
                try {
                    // willDecode may move the position: it looks at a view, decode gets the message.
                    if (decoder.willDecode(bytes.duplicate())) {
                        return decoder.decode(bytes);
                    }
                } catch (RuntimeException e) {
                    throw new DecodeException(bytes, decoder.getClass().getName() + " failed: " + e, e);
                }
            }
        }
        throw new DecodeException(bytes, "No binary decoder for " + target.getName() + " accepted the message");
    }

    Object decodeTextStream(Class<?> target, Reader reader) throws DecodeException, IOException {
        for (Live d : decoders) {
            if (d.declared().kind() == Kind.TEXT_STREAM && d.declared().decodes(target)) {
                try {
                    return ((Decoder.TextStream<?>) d.instance()).decode(reader);
                } catch (RuntimeException e) {
                    throw new DecodeException((String) null, d.instance().getClass().getName() + " failed: " + e, e);
                }
            }
        }
        throw new DecodeException((String) null, "No text stream decoder for " + target.getName());
    }

    Object decodeBinaryStream(Class<?> target, InputStream stream) throws DecodeException, IOException {
        for (Live d : decoders) {
            if (d.declared().kind() == Kind.BINARY_STREAM && d.declared().decodes(target)) {
                try {
                    return ((Decoder.BinaryStream<?>) d.instance()).decode(stream);
                } catch (RuntimeException e) {
                    throw new DecodeException((ByteBuffer) null, d.instance().getClass().getName() + " failed: " + e, e);
                }
            }
        }
        throw new DecodeException((ByteBuffer) null, "No binary stream decoder for " + target.getName());
    }

    /** Destroys every decoder once; later calls do nothing. One decoder failing does not spare the others. */
    @Override
    public void close() {
        if (decoders.isEmpty()) {
            return; // nothing to destroy, and the instance may be the shared one
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Destroyer.destroyAll(decoders.stream().map(d -> (Runnable) () -> d.instance().destroy()).toList());
    }
}
