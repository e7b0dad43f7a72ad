package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import dev.wsengine.endpoint.Fixtures.Recorder;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every valid {@code @OnMessage} form, driven through the sinks the endpoint registers. */
public class AnnotatedEndpointMessagesTest {

    private final EndpointConfig config = Codecs.config();

    private record Opened(FakeSession fake, Recorder instance) {
    }

    private Opened open(Class<? extends Recorder> type, List<Class<? extends Decoder>> decoders,
                        Map<String, String> path) throws DeploymentException {
        EndpointModel model = EndpointModel.of(type, decoders);
        Recorder instance = (Recorder) model.newInstance();
        FakeSession fake = new FakeSession(path, Decoders.create(decoders, config));
        new AnnotatedEndpoint(model, instance).onOpen(fake.session, config);
        return new Opened(fake, instance);
    }

    private static List<Class<? extends Decoder>> decoders(Class<?>... types) {
        @SuppressWarnings("unchecked")
        List<Class<? extends Decoder>> list = (List) Arrays.asList(types);
        return list;
    }

    // ------------------------------------------------------------ text

    static Stream<Arguments> textForms() {
        return Stream.of(
                text(Fixtures.StringText.class, "hello", "hello"),
                text(Fixtures.StringText.class, "", ""),
                text(Fixtures.IntText.class, "42", 42),
                text(Fixtures.IntText.class, "-7", -7),
                text(Fixtures.IntegerText.class, "7", 7),
                text(Fixtures.BooleanText.class, "TRUE", true),
                text(Fixtures.BooleanText.class, "no", false), // as new Boolean("no") would
                text(Fixtures.BoxedBooleanText.class, "true", Boolean.TRUE),
                text(Fixtures.CharText.class, "x", 'x'),
                text(Fixtures.CharacterText.class, "é", 'é'),
                text(Fixtures.ByteText.class, "-128", (byte) -128),
                text(Fixtures.ShortText.class, "1200", (short) 1200),
                text(Fixtures.LongText.class, "9000000000", 9_000_000_000L),
                text(Fixtures.FloatText.class, "2.5", 2.5f),
                text(Fixtures.DoubleText.class, "1e3", 1000.0),
                text(Fixtures.ReaderText.class, "streamed text", "streamed text"));
    }

    private static Arguments text(Class<? extends Recorder> type, String message, Object expected) {
        return Arguments.of(type.getSimpleName() + " <- '" + message + "'", type, message, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textForms")
    void deliversTextInEveryForm(String name, Class<? extends Recorder> type, String message, Object expected)
            throws Exception {
        Opened opened = open(type, List.of(), Map.of());
        deliverText(opened.fake().text(), message);
        assertEquals(List.of(List.of(expected)), opened.instance().calls);
    }

    private static void deliverText(TextSink sink, String message) throws Exception {
        if (sink.mode() == DeliveryMode.STREAM) {
            sink.onReader(new StringReader(message));
        } else {
            assertEquals(DeliveryMode.WHOLE, sink.mode());
            sink.onText(message, true);
        }
    }

    static Stream<Arguments> badPrimitiveText() {
        return Stream.of(
                Arguments.of(Fixtures.IntText.class, "forty"),
                Arguments.of(Fixtures.IntText.class, " 42"),
                Arguments.of(Fixtures.IntText.class, ""),
                Arguments.of(Fixtures.ByteText.class, "300"),
                Arguments.of(Fixtures.CharText.class, "xy"),
                Arguments.of(Fixtures.CharacterText.class, ""),
                Arguments.of(Fixtures.DoubleText.class, "one"));
    }

    @ParameterizedTest(name = "{0} <- ''{1}''")
    @MethodSource("badPrimitiveText")
    void textThatIsNotThePrimitiveIsADecodeException(Class<? extends Recorder> type, String message) throws Exception {
        Opened opened = open(type, List.of(), Map.of());
        DecodeException e = assertThrows(DecodeException.class, () -> opened.fake().text().onText(message, true));
        assertEquals(message, e.getText());
        assertTrue(opened.instance().calls.isEmpty());
    }

    @Test
    void decodedTextGoesToTheFirstDecoderThatWillDecodeIt() throws Exception {
        Opened opened = open(Fixtures.DecodedText.class,
                decoders(Codecs.PointTextDecoder.class, Codecs.OtherPointTextDecoder.class), Map.of());
        TextSink sink = opened.fake().text();
        assertEquals(DeliveryMode.WHOLE, sink.mode());
        sink.onText("P:1,2", true);
        sink.onText("Q:3,4", true);
        assertEquals(List.of(List.of(new Point(1, 2)), List.of(new Point(-3, -4))), opened.instance().calls);
        DecodeException none = assertThrows(DecodeException.class, () -> sink.onText("R:5,6", true));
        assertEquals("R:5,6", none.getText());
    }

    @Test
    void customDecoderForABoxServesPrimitiveAndBoxParameters() throws Exception {
        for (Class<? extends Recorder> type : List.of(Fixtures.IntText.class, Fixtures.IntegerText.class)) {
            Opened opened = open(type, decoders(Codecs.WordIntegerDecoder.class), Map.of());
            opened.fake().text().onText("three", true);
            assertEquals(List.of(List.of(3)), opened.instance().calls, type.getName());
            assertThrows(DecodeException.class, () -> opened.fake().text().onText("3", true));
        }
    }

    @Test
    void decodedTextStreamReadsTheMessageThroughTheDecoder() throws Exception {
        Opened opened = open(Fixtures.DecodedText.class, decoders(Codecs.PointTextStreamDecoder.class), Map.of());
        TextSink sink = opened.fake().text();
        assertEquals(DeliveryMode.STREAM, sink.mode());
        sink.onReader(new StringReader("5,6"));
        assertEquals(List.of(List.of(new Point(5, 6))), opened.instance().calls);
    }

    @Test
    void partialTextGetsEachPartWithItsFlagInEitherParameterOrder() throws Exception {
        for (Class<? extends Recorder> type : List.of(Fixtures.PartialText.class, Fixtures.PartialTextFlagFirst.class)) {
            Opened opened = open(type, List.of(), Map.of());
            TextSink sink = opened.fake().text();
            assertEquals(DeliveryMode.PARTIAL, sink.mode());
            sink.onText("hel", false);
            sink.onText("lo", true);
            assertEquals(List.of(List.of("hel", false), List.of("lo", true)), opened.instance().calls, type.getName());
        }
    }

    // ------------------------------------------------------------ binary

    static Stream<Arguments> binaryForms() {
        return Stream.of(
                Arguments.of(Fixtures.ByteBufferBinary.class, DeliveryMode.WHOLE),
                Arguments.of(Fixtures.ByteArrayBinary.class, DeliveryMode.WHOLE),
                Arguments.of(Fixtures.StreamBinary.class, DeliveryMode.STREAM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryForms")
    void deliversBinaryInEveryForm(Class<? extends Recorder> type, DeliveryMode mode) throws Exception {
        Opened opened = open(type, List.of(), Map.of());
        BinarySink sink = opened.fake().binary();
        assertEquals(mode, sink.mode());
        byte[] message = {0, 1, (byte) 0xfe, (byte) 0xff};
        if (mode == DeliveryMode.STREAM) {
            sink.onStream(new ByteArrayInputStream(message));
        } else {
            sink.onBinary(ByteBuffer.wrap(message), true);
            // a buffer that is a window on a larger array
            sink.onBinary(ByteBuffer.wrap(new byte[] {9, 0, 1, (byte) 0xfe, (byte) 0xff, 9}, 1, 4).slice(), true);
        }
        List<Object> expected = List.of("0001feff");
        assertEquals(mode == DeliveryMode.STREAM ? List.of(expected) : List.of(expected, expected),
                opened.instance().calls);
    }

    @Test
    void emptyBinaryMessageArrivesEmpty() throws Exception {
        Opened opened = open(Fixtures.ByteArrayBinary.class, List.of(), Map.of());
        opened.fake().binary().onBinary(ByteBuffer.allocate(0), true);
        assertEquals(List.of(List.of("")), opened.instance().calls);
    }

    @Test
    void decodedBinaryUsesWillDecodeOnAViewAndDecodesTheWholeMessage() throws Exception {
        Opened opened = open(Fixtures.DecodedBinary.class, decoders(Codecs.PointBinaryDecoder.class), Map.of());
        BinarySink sink = opened.fake().binary();
        assertEquals(DeliveryMode.WHOLE, sink.mode());
        sink.onBinary(ByteBuffer.allocate(8).putInt(7).putInt(-8).flip(), true);
        assertEquals(List.of(List.of(new Point(7, -8))), opened.instance().calls);
        assertThrows(DecodeException.class, () -> sink.onBinary(ByteBuffer.allocate(3), true));
    }

    @Test
    void decodedBinaryStreamReadsTheMessageThroughTheDecoder() throws Exception {
        Opened opened = open(Fixtures.DecodedBinary.class, decoders(Codecs.PointBinaryStreamDecoder.class), Map.of());
        BinarySink sink = opened.fake().binary();
        assertEquals(DeliveryMode.STREAM, sink.mode());
        sink.onStream(new ByteArrayInputStream(HexFormat.of().parseHex("0000000100000002")));
        assertEquals(List.of(List.of(new Point(1, 2))), opened.instance().calls);
    }

    @Test
    void partialBinaryGetsEachPartWithItsFlag() throws Exception {
        for (Class<? extends Recorder> type : List.of(Fixtures.PartialByteBuffer.class, Fixtures.PartialByteArray.class)) {
            Opened opened = open(type, List.of(), Map.of());
            BinarySink sink = opened.fake().binary();
            assertEquals(DeliveryMode.PARTIAL, sink.mode());
            sink.onBinary(ByteBuffer.wrap(new byte[] {1, 2}), false);
            sink.onBinary(ByteBuffer.wrap(new byte[] {3}), true);
            assertEquals(List.of(List.of("0102", false), List.of("03", true)), opened.instance().calls, type.getName());
        }
    }

    // ------------------------------------------------------------ pong, extra parameters, several kinds

    @Test
    void pongGoesToThePongMethod() throws Exception {
        Opened opened = open(Fixtures.Pong.class, List.of(), Map.of());
        opened.fake().pong().onPong(pong(new byte[] {5, 6}));
        assertEquals(List.of(List.of("0506")), opened.instance().calls);
    }

    private static PongMessage pong(byte[] data) {
        return () -> ByteBuffer.wrap(data);
    }

    @Test
    void sessionAndPathParametersArePassedConvertedAndAbsentOnesAreNull() throws Exception {
        Opened opened = open(Fixtures.WithSessionAndPathParams.class, List.of(), Map.of("room", "blue", "seat", "12"));
        opened.fake().text().onText("hi", true);
        assertEquals(List.of(Arrays.asList("blue", opened.fake().session, "hi", 12, null)), opened.instance().calls);
    }

    @Test
    void pathParameterThatDoesNotConvertIsADecodeException() throws Exception {
        Opened opened = open(Fixtures.WithSessionAndPathParams.class, List.of(), Map.of("room", "blue", "seat", "twelve"));
        DecodeException e = assertThrows(DecodeException.class, () -> opened.fake().text().onText("hi", true));
        assertEquals("twelve", e.getText());
        assertTrue(opened.instance().calls.isEmpty());
    }

    @Test
    void registersOneSinkPerKindWithItsMaxMessageSizeAndNoHandler() throws Exception {
        Opened opened = open(Fixtures.TextBinaryAndPong.class, List.of(), Map.of());
        FakeSession fake = opened.fake();
        assertEquals(3, fake.registered.size());
        assertEquals(1234, fake.text().maxMessageSize());
        assertEquals(99, fake.binary().maxMessageSize());
        assertEquals(-1, fake.pong().maxMessageSize());
        for (MessageSink sink : fake.registered) {
            assertNull(sink.handler());
        }
        fake.text().onText("t", true);
        fake.binary().onBinary(ByteBuffer.wrap(new byte[] {1}), true);
        fake.pong().onPong(pong(new byte[0]));
        assertEquals(List.of(List.of("text", "t"), List.of("binary", "01"), List.of("pong")), opened.instance().calls);
    }

    @Test
    void staticCallbackIsInvoked() throws Exception {
        EndpointModel model = EndpointModel.of(Fixtures.StaticCallback.class, List.of());
        FakeSession fake = new FakeSession(Map.of(), Decoders.create(List.of(), config));
        new AnnotatedEndpoint(model, model.newInstance()).onOpen(fake.session, config);
        Fixtures.StaticCallback.SEEN.clear();
        fake.text().onText("quiet", true);
        assertEquals(List.of("quiet"), Fixtures.StaticCallback.SEEN);
    }

    @Test
    void applicationExceptionsComeOutOfTheSinkUnwrapped() throws Exception {
        EndpointModel model = EndpointModel.of(Throwing.class, List.of());
        FakeSession fake = new FakeSession(Map.of(), Decoders.create(List.of(), config));
        new AnnotatedEndpoint(model, model.newInstance()).onOpen(fake.session, config);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fake.text().onText("x", true));
        assertEquals("thrown by the application", e.getMessage());
        java.io.IOException checked = assertThrows(java.io.IOException.class,
                () -> fake.binary().onBinary(ByteBuffer.allocate(1), true));
        assertEquals("checked", checked.getMessage());
    }

    @jakarta.websocket.server.ServerEndpoint("/throws")
    public static class Throwing {
        @jakarta.websocket.OnMessage
        public void text(String text) {
            throw new IllegalStateException("thrown by the application");
        }

        @jakarta.websocket.OnMessage
        public void binary(ByteBuffer bytes) throws java.io.IOException {
            throw new java.io.IOException("checked");
        }
    }
}
