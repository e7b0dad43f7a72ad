package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import jakarta.websocket.OnMessage;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Annotated endpoints in every valid {@code @OnMessage} form; each records the arguments it gets. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Keeps one entry per call: the arguments as a list. */
    public abstract static class Recorder {
        public final List<List<Object>> calls = new ArrayList<>();

        void record(Object... args) {
            calls.add(java.util.Arrays.asList(args));
        }
    }

    static String hex(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return HexFormat.of().formatHex(copy);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // ------------------------------------------------------------ text

    @ServerEndpoint("/t")
    public static class StringText extends Recorder {
        @OnMessage
        public void message(String text) {
            record(text);
        }
    }

    @ServerEndpoint("/t")
    public static class IntText extends Recorder {
        @OnMessage
        public void message(int n) {
            record(n);
        }
    }

    @ServerEndpoint("/t")
    public static class IntegerText extends Recorder {
        @OnMessage
        public void message(Integer n) {
            record(n);
        }
    }

    @ServerEndpoint("/t")
    public static class BooleanText extends Recorder {
        @OnMessage
        public void message(boolean b) {
            record(b);
        }
    }

    @ServerEndpoint("/t")
    public static class BoxedBooleanText extends Recorder {
        @OnMessage
        public void message(Boolean b) {
            record(b);
        }
    }

    @ServerEndpoint("/t")
    public static class CharText extends Recorder {
        @OnMessage
        public void message(char c) {
            record(c);
        }
    }

    @ServerEndpoint("/t")
    public static class CharacterText extends Recorder {
        @OnMessage
        public void message(Character c) {
            record(c);
        }
    }

    @ServerEndpoint("/t")
    public static class ByteText extends Recorder {
        @OnMessage
        public void message(byte b) {
            record(b);
        }
    }

    @ServerEndpoint("/t")
    public static class ShortText extends Recorder {
        @OnMessage
        public void message(Short s) {
            record(s);
        }
    }

    @ServerEndpoint("/t")
    public static class LongText extends Recorder {
        @OnMessage
        public void message(long n) {
            record(n);
        }
    }

    @ServerEndpoint("/t")
    public static class FloatText extends Recorder {
        @OnMessage
        public void message(float f) {
            record(f);
        }
    }

    @ServerEndpoint("/t")
    public static class DoubleText extends Recorder {
        @OnMessage
        public void message(Double d) {
            record(d);
        }
    }

    @ServerEndpoint("/t")
    public static class ReaderText extends Recorder {
        @OnMessage
        public void message(Reader reader) throws IOException {
            StringBuilder text = new StringBuilder();
            for (int c; (c = reader.read()) != -1; ) {
                text.append((char) c);
            }
            record(text.toString());
        }
    }

    @ServerEndpoint("/t")
    public static class DecodedText extends Recorder {
        @OnMessage
        public void message(Point point) {
            record(point);
        }
    }

    @ServerEndpoint("/t")
    public static class PartialText extends Recorder {
        @OnMessage
        public void message(String part, boolean last) {
            record(part, last);
        }
    }

    @ServerEndpoint("/t")
    public static class PartialTextFlagFirst extends Recorder {
        @OnMessage
        public void message(boolean last, Session session, String part) {
            record(part, last);
        }
    }

    // ------------------------------------------------------------ binary

    @ServerEndpoint("/b")
    public static class ByteBufferBinary extends Recorder {
        @OnMessage
        public void message(ByteBuffer bytes) {
            record(hex(bytes));
        }
    }

    @ServerEndpoint("/b")
    public static class ByteArrayBinary extends Recorder {
        @OnMessage
        public void message(byte[] bytes) {
            record(hex(bytes));
        }
    }

    @ServerEndpoint("/b")
    public static class StreamBinary extends Recorder {
        @OnMessage
        public void message(InputStream in) throws IOException {
            record(hex(in.readAllBytes()));
        }
    }

    @ServerEndpoint("/b")
    public static class DecodedBinary extends Recorder {
        @OnMessage
        public void message(Point point) {
            record(point);
        }
    }

    @ServerEndpoint("/b")
    public static class PartialByteBuffer extends Recorder {
        @OnMessage
        public void message(ByteBuffer part, boolean last) {
            record(hex(part), last);
        }
    }

    @ServerEndpoint("/b")
    public static class PartialByteArray extends Recorder {
        @OnMessage
        public void message(byte[] part, boolean last) {
            record(hex(part), last);
        }
    }

    // ------------------------------------------------------------ pong

    @ServerEndpoint("/p")
    public static class Pong extends Recorder {
        @OnMessage
        public void message(PongMessage pong) {
            record(hex(pong.getApplicationData()));
        }
    }

    // ------------------------------------------------------------ extra parameters

    @ServerEndpoint("/rooms/{room}/{seat}")
    public static class WithSessionAndPathParams extends Recorder {
        @OnMessage
        public void message(@PathParam("room") String room, Session session, String text, @PathParam("seat") int seat,
                            @PathParam("absent") Integer absent) {
            record(room, session, text, seat, absent);
        }
    }

    @ServerEndpoint("/all")
    public static class TextBinaryAndPong extends Recorder {
        @OnMessage(maxMessageSize = 1234)
        public void text(String text) {
            record("text", text);
        }

        @OnMessage(maxMessageSize = 99)
        public void binary(byte[] bytes) {
            record("binary", hex(bytes));
        }

        @OnMessage
        public void pong(PongMessage pong) {
            record("pong");
        }
    }

    @ServerEndpoint("/static")
    public static class StaticCallback {
        public static final List<String> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

        @OnMessage
        public static void message(String text) {
            SEEN.add(text);
        }
    }
}
