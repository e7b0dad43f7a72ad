package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerAdaptersTest {

    private final Decoders none = Decoders.create(List.of(), Codecs.config());
    private final List<Object> received = new ArrayList<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Decoders decoders(Class<?>... types) {
        return Decoders.create((List) Arrays.asList(types), Codecs.config());
    }

    // ------------------------------------------------------------ generic type resolution

    public interface Named<T> extends MessageHandler.Whole<T> {
    }

    public abstract static class Base<A, T> implements MessageHandler.Whole<T> {
    }

    public abstract static class Middle<T> extends Base<Long, T> {
    }

    public static class Concrete extends Middle<Integer> {
        @Override
        public void onMessage(Integer message) {
        }
    }

    public static class ViaInterface implements Named<byte[]> {
        @Override
        public void onMessage(byte[] message) {
        }
    }

    static Stream<Arguments> resolvable() {
        return Stream.of(
                Arguments.of(new MessageHandler.Whole<String>() {
                    @Override
                    public void onMessage(String message) {
                    }
                }, String.class),
                Arguments.of(new Concrete(), Integer.class),
                Arguments.of(new Middle<Reader>() {
                    @Override
                    public void onMessage(Reader message) {
                    }
                }, Reader.class),
                Arguments.of(new ViaInterface(), byte[].class),
                Arguments.of(new Named<List<String>>() {
                    @Override
                    public void onMessage(List<String> message) {
                    }
                }, List.class),
                Arguments.of(new MessageHandler.Partial<ByteBuffer>() {
                    @Override
                    public void onMessage(ByteBuffer part, boolean last) {
                    }
                }, ByteBuffer.class));
    }

    @ParameterizedTest
    @MethodSource("resolvable")
    void resolvesTheMessageTypeThroughTheHierarchy(MessageHandler handler, Class<?> expected) {
        Class<?> generic = handler instanceof MessageHandler.Partial ? MessageHandler.Partial.class
                : MessageHandler.Whole.class;
        assertEquals(expected, TypeArguments.resolve(handler.getClass(), generic, 0));
    }

    @Test
    void lambdaHandlerCannotBeResolvedAndSaysWhatToDo() {
        MessageHandler.Whole<String> lambda = message -> { };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HandlerAdapters.adapt(lambda, none));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        assertTrue(e.getMessage().contains("addMessageHandler(Class"), e.getMessage());
    }

    @Test
    void lambdaWithAnExplicitTypeWorks() throws Exception {
        MessageHandler.Whole<String> lambda = received::add;
        TextSink sink = (TextSink) HandlerAdapters.adapt(lambda, String.class, false, none);
        sink.onText("given", true);
        assertEquals(List.of("given"), received);
        assertSame(lambda, sink.handler());
    }

    // ------------------------------------------------------------ whole handlers of every type

    @Test
    void wholeStringAndPrimitives() throws Exception {
        MessageHandler.Whole<String> strings = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(String message) {
                received.add(message);
            }
        };
        MessageHandler.Whole<Integer> ints = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(Integer message) {
                received.add(message);
            }
        };
        MessageHandler.Whole<Boolean> booleans = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(Boolean message) {
                received.add(message);
            }
        };
        TextSink stringSink = (TextSink) HandlerAdapters.adapt(strings, none);
        TextSink intSink = (TextSink) HandlerAdapters.adapt(ints, none);
        TextSink booleanSink = (TextSink) HandlerAdapters.adapt(booleans, none);
        for (TextSink sink : List.of(stringSink, intSink, booleanSink)) {
            assertEquals(DeliveryMode.WHOLE, sink.mode());
        }
        stringSink.onText("s", true);
        intSink.onText("12", true);
        booleanSink.onText("true", true);
        assertEquals(List.of("s", 12, true), received);
        assertThrows(DecodeException.class, () -> intSink.onText("x", true));
        assertSame(strings, stringSink.handler());
        assertSame(ints, intSink.handler());
    }

    @Test
    void primitiveClassGivenExplicitlyIsTreatedAsItsBox() throws Exception {
        MessageHandler.Whole<Integer> handler = received::add;
        TextSink sink = (TextSink) HandlerAdapters.adapt(handler, int.class, false, none);
        sink.onText("5", true);
        assertEquals(List.of(5), received);
    }

    @Test
    void wholeReaderAndInputStreamAreStreams() throws Exception {
        MessageHandler.Whole<Reader> reader = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(Reader message) {
                received.add(read(message));
            }
        };
        MessageHandler.Whole<InputStream> stream = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(InputStream message) {
                try {
                    received.add(message.readAllBytes().length);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        TextSink text = (TextSink) HandlerAdapters.adapt(reader, none);
        BinarySink binary = (BinarySink) HandlerAdapters.adapt(stream, none);
        assertEquals(DeliveryMode.STREAM, text.mode());
        assertEquals(DeliveryMode.STREAM, binary.mode());
        text.onReader(new StringReader("abc"));
        binary.onStream(new ByteArrayInputStream(new byte[5]));
        assertEquals(List.of("abc", 5), received);
    }

    private static String read(Reader reader) {
        try {
            StringBuilder text = new StringBuilder();
            for (int c; (c = reader.read()) != -1; ) {
                text.append((char) c);
            }
            return text.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void wholeByteBufferByteArrayAndPong() throws Exception {
        MessageHandler.Whole<ByteBuffer> buffers = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(ByteBuffer message) {
                received.add(message.remaining());
            }
        };
        MessageHandler.Whole<byte[]> arrays = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(byte[] message) {
                received.add(Arrays.toString(message));
            }
        };
        MessageHandler.Whole<PongMessage> pongs = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(PongMessage message) {
                received.add("pong " + message.getApplicationData().remaining());
            }
        };
        BinarySink bufferSink = (BinarySink) HandlerAdapters.adapt(buffers, none);
        BinarySink arraySink = (BinarySink) HandlerAdapters.adapt(arrays, none);
        PongSink pongSink = assertInstanceOf(PongSink.class, HandlerAdapters.adapt(pongs, none));
        assertEquals(DeliveryMode.WHOLE, bufferSink.mode());
        assertEquals(DeliveryMode.WHOLE, arraySink.mode());
        bufferSink.onBinary(ByteBuffer.allocate(3), true);
        arraySink.onBinary(ByteBuffer.wrap(new byte[] {1, 2}), true);
        pongSink.onPong(() -> ByteBuffer.allocate(4));
        assertEquals(List.of(3, "[1, 2]", "pong 4"), received);
        assertSame(pongs, pongSink.handler());
    }

    @Test
    void decodedTypesUseTheSessionDecodersOfTheRightKind() throws Exception {
        MessageHandler.Whole<Point> points = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(Point message) {
                received.add(message);
            }
        };
        TextSink text = (TextSink) HandlerAdapters.adapt(points, decoders(Codecs.PointTextDecoder.class));
        text.onText("P:1,1", true);
        BinarySink binary = (BinarySink) HandlerAdapters.adapt(points, decoders(Codecs.PointBinaryDecoder.class));
        binary.onBinary(ByteBuffer.allocate(8).putInt(2).putInt(2).flip(), true);
        BinarySink stream = (BinarySink) HandlerAdapters.adapt(points, decoders(Codecs.PointBinaryStreamDecoder.class));
        assertEquals(DeliveryMode.STREAM, stream.mode());
        stream.onStream(new ByteArrayInputStream(new byte[] {0, 0, 0, 3, 0, 0, 0, 3}));
        assertEquals(List.of(new Point(1, 1), new Point(2, 2), new Point(3, 3)), received);
    }

    @Test
    void typeWithoutDecoderIsRefused() {
        MessageHandler.Whole<Point> points = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(Point message) {
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HandlerAdapters.adapt(points, none));
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("decoder"), e.getMessage());
    }

    // ------------------------------------------------------------ partial handlers

    @Test
    void partialStringByteBufferAndByteArray() throws Exception {
        MessageHandler.Partial<String> text = new MessageHandler.Partial<>() {
            @Override
            public void onMessage(String part, boolean last) {
                received.add(part + last);
            }
        };
        MessageHandler.Partial<ByteBuffer> buffers = new MessageHandler.Partial<>() {
            @Override
            public void onMessage(ByteBuffer part, boolean last) {
                received.add(part.remaining() + "" + last);
            }
        };
        MessageHandler.Partial<byte[]> arrays = new MessageHandler.Partial<>() {
            @Override
            public void onMessage(byte[] part, boolean last) {
                received.add(Arrays.toString(part) + last);
            }
        };
        TextSink textSink = (TextSink) HandlerAdapters.adapt(text, none);
        BinarySink bufferSink = (BinarySink) HandlerAdapters.adapt(buffers, none);
        BinarySink arraySink = (BinarySink) HandlerAdapters.adapt(arrays, byte[].class, true, none);
        for (MessageSink sink : List.of(textSink, bufferSink, arraySink)) {
            assertEquals(DeliveryMode.PARTIAL, sink instanceof TextSink t ? t.mode() : ((BinarySink) sink).mode());
        }
        textSink.onText("a", false);
        textSink.onText("b", true);
        bufferSink.onBinary(ByteBuffer.allocate(2), false);
        arraySink.onBinary(ByteBuffer.wrap(new byte[] {7}), true);
        assertEquals(List.of("afalse", "btrue", "2false", "[7]true"), received);
    }

    @Test
    void partialOfAnythingElseIsRefused() {
        MessageHandler.Partial<Integer> ints = new MessageHandler.Partial<>() {
            @Override
            public void onMessage(Integer part, boolean last) {
            }
        };
        MessageHandler.Partial<Point> points = new MessageHandler.Partial<>() {
            @Override
            public void onMessage(Point part, boolean last) {
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HandlerAdapters.adapt(ints, none));
        assertTrue(e.getMessage().contains("partial"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> HandlerAdapters.adapt(points, decoders(Codecs.PointTextDecoder.class)));
        assertThrows(IllegalStateException.class,
                () -> HandlerAdapters.adapt((MessageHandler.Partial<Reader>) (part, last) -> { }, Reader.class, true, none));
    }

    @Test
    void applicationExceptionsComeOutOfTheSink() {
        MessageHandler.Whole<String> failing = new MessageHandler.Whole<>() {
            @Override
            public void onMessage(String message) {
                throw new UnsupportedOperationException("app");
            }
        };
        TextSink sink = (TextSink) HandlerAdapters.adapt(failing, none);
        assertEquals("app", assertThrows(UnsupportedOperationException.class, () -> sink.onText("x", true)).getMessage());
    }

    @Test
    void rawHandlerCannotBeResolved() {
        @SuppressWarnings("rawtypes")
        MessageHandler.Whole raw = new RawHandler();
        assertThrows(IllegalStateException.class, () -> HandlerAdapters.adapt(raw, none));
    }

    @SuppressWarnings("rawtypes")
    public static class RawHandler implements MessageHandler.Whole {
        @Override
        public void onMessage(Object message) {
        }
    }

    @Test
    void decoderListIsNotNeededForBuiltInTypes() throws Exception {
        MessageHandler.Whole<String> strings = received::add;
        TextSink sink = (TextSink) HandlerAdapters.adapt(strings, String.class, false, null);
        sink.onText("no decoders", true);
        assertEquals(List.of("no decoders"), received);
    }
}
