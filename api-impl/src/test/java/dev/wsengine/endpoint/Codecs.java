package dev.wsengine.endpoint;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoders and encoders used by the endpoint tests. Each writes its lifecycle into the list kept
 * under {@link #EVENTS} in the config's user properties, so tests see init and destroy without
 * static state.
 */
public final class Codecs {

    public static final String EVENTS = "events";

    private Codecs() {
    }

    /** A config whose user properties hold an event list. */
    public static EndpointConfig config() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EVENTS, new ArrayList<String>());
        return new EndpointConfig() {
            @Override
            public List<Class<? extends Encoder>> getEncoders() {
                return List.of();
            }

            @Override
            public List<Class<? extends Decoder>> getDecoders() {
                return List.of();
            }

            @Override
            public Map<String, Object> getUserProperties() {
                return properties;
            }
        };
    }

    @SuppressWarnings("unchecked")
    public static List<String> events(EndpointConfig config) {
        return (List<String>) config.getUserProperties().get(EVENTS);
    }

    public record Point(int x, int y) {
    }

    /** A point as "x,y" text. */
    public static Point parse(String text) throws DecodeException {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new DecodeException(text, "not a point");
        }
        return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }

    /** Records init and destroy under its simple class name. */
    public abstract static class Recorded {
        private EndpointConfig config;

        public void init(EndpointConfig config) {
            this.config = config;
            events(config).add("init " + getClass().getSimpleName());
        }

        public void destroy() {
            events(config).add("destroy " + getClass().getSimpleName());
        }

        void note(String event) {
            events(config).add(event);
        }
    }

    /** Decodes "P:x,y". */
    public static class PointTextDecoder extends Recorded implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            return parse(s.substring(2));
        }

        @Override
        public boolean willDecode(String s) {
            note("willDecode " + getClass().getSimpleName());
            return s.startsWith("P:");
        }
    }

    /** Decodes "Q:x,y", to show the second decoder gets what the first refuses. */
    public static class OtherPointTextDecoder extends Recorded implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            Point p = parse(s.substring(2));
            return new Point(-p.x(), -p.y());
        }

        @Override
        public boolean willDecode(String s) {
            note("willDecode " + getClass().getSimpleName());
            return s.startsWith("Q:");
        }
    }

    /** Accepts everything and decodes "x,y" (no prefix). */
    public static class GreedyPointTextDecoder extends Recorded implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            return parse(s);
        }

        @Override
        public boolean willDecode(String s) {
            note("willDecode " + getClass().getSimpleName());
            return true;
        }
    }

    /** Decodes "x,y" from a reader. */
    public static class PointTextStreamDecoder extends Recorded implements Decoder.TextStream<Point> {
        @Override
        public Point decode(Reader reader) throws DecodeException, IOException {
            StringBuilder text = new StringBuilder();
            char[] chunk = new char[64];
            for (int n; (n = reader.read(chunk)) != -1; ) {
                text.append(chunk, 0, n);
            }
            return parse(text.toString());
        }
    }

    /** Decodes two big-endian ints; refuses anything but 8 bytes. */
    public static class PointBinaryDecoder extends Recorded implements Decoder.Binary<Point> {
        @Override
        public Point decode(ByteBuffer bytes) {
            return new Point(bytes.getInt(), bytes.getInt());
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            boolean ok = bytes.remaining() == 8;
            bytes.position(bytes.limit()); // a careless decoder: must not spoil what decode sees
            return ok;
        }
    }

    /** Decodes two big-endian ints from a stream. */
    public static class PointBinaryStreamDecoder extends Recorded implements Decoder.BinaryStream<Point> {
        @Override
        public Point decode(InputStream stream) throws IOException {
            DataInputStream data = new DataInputStream(stream);
            return new Point(data.readInt(), data.readInt());
        }
    }

    /** Decodes text to a CharSequence: no use for a Point. */
    public static class CharSequenceDecoder extends Recorded implements Decoder.Text<CharSequence> {
        @Override
        public CharSequence decode(String s) {
            return new StringBuilder(s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Decodes English number words, to show a custom decoder beats the built-in conversion. */
    public static class WordIntegerDecoder extends Recorded implements Decoder.Text<Integer> {
        @Override
        public Integer decode(String s) {
            return List.of("zero", "one", "two", "three").indexOf(s);
        }

        @Override
        public boolean willDecode(String s) {
            return List.of("zero", "one", "two", "three").contains(s);
        }
    }

    /** A decoder whose decode throws a RuntimeException. */
    public static class BrokenPointTextDecoder extends Recorded implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) {
            throw new IllegalArgumentException("broken");
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** A decoder whose init fails. */
    public static class FailingInitDecoder extends Recorded implements Decoder.Text<Point> {
        @Override
        public void init(EndpointConfig config) {
            throw new IllegalStateException("init failed");
        }

        @Override
        public Point decode(String s) {
            return null;
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Encodes a point as "x,y". */
    public static class PointTextEncoder extends Recorded implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) {
            return p.x() + "," + p.y();
        }
    }

    /** Encodes a point as "(x y)" through a writer. */
    public static class PointTextStreamEncoder extends Recorded implements Encoder.TextStream<Point> {
        @Override
        public void encode(Point p, Writer writer) throws IOException {
            writer.write("(" + p.x() + " " + p.y() + ")");
        }
    }

    /** Encodes a point as two ints. */
    public static class PointBinaryEncoder extends Recorded implements Encoder.Binary<Point> {
        @Override
        public ByteBuffer encode(Point p) {
            return ByteBuffer.allocate(8).putInt(p.x()).putInt(p.y()).flip();
        }
    }

    /** Encodes a point as two ints through a stream. */
    public static class PointBinaryStreamEncoder extends Recorded implements Encoder.BinaryStream<Point> {
        @Override
        public void encode(Point p, OutputStream stream) throws IOException {
            DataOutputStream data = new DataOutputStream(stream);
            data.writeInt(p.x());
            data.writeInt(p.y());
            data.flush();
        }
    }

    /** Encodes any CharSequence as "cs:" + text. */
    public static class CharSequenceEncoder extends Recorded implements Encoder.Text<CharSequence> {
        @Override
        public String encode(CharSequence s) {
            return "cs:" + s;
        }
    }

    /** Encodes any Number as "n:" + value. */
    public static class NumberEncoder extends Recorded implements Encoder.Text<Number> {
        @Override
        public String encode(Number n) {
            return "n:" + n;
        }
    }

    /** Encodes Integer as "i:" + value: closer than Number for an Integer. */
    public static class IntegerEncoder extends Recorded implements Encoder.Text<Integer> {
        @Override
        public String encode(Integer n) {
            return "i:" + n;
        }
    }

    /** Encodes anything as "o:" + toString(). */
    public static class ObjectEncoder extends Recorded implements Encoder.Text<Object> {
        @Override
        public String encode(Object o) {
            return "o:" + o;
        }
    }

    /** An encoder that fails. */
    public static class FailingPointEncoder extends Recorded implements Encoder.Text<Point> {
        @Override
        public String encode(Point p) throws EncodeException {
            throw new IllegalStateException("cannot");
        }
    }
}
