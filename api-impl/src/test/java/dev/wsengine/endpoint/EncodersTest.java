package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncodersTest {

    private final EndpointConfig config = Codecs.config();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Class<? extends Encoder>> list(Class<?>... types) {
        return (List) Arrays.asList(types);
    }

    static Stream<Arguments> selection() {
        return Stream.of(
                // value, declared encoders, expected text
                Arguments.of(7, list(Codecs.NumberEncoder.class, Codecs.IntegerEncoder.class), "i:7"),
                Arguments.of(7, list(Codecs.IntegerEncoder.class, Codecs.NumberEncoder.class), "i:7"),
                Arguments.of(7L, list(Codecs.IntegerEncoder.class, Codecs.NumberEncoder.class), "n:7"),
                Arguments.of(7L, list(Codecs.ObjectEncoder.class, Codecs.NumberEncoder.class), "n:7"),
                Arguments.of(new Point(1, 2), list(Codecs.ObjectEncoder.class, Codecs.PointTextEncoder.class), "1,2"),
                Arguments.of(new Point(1, 2), list(Codecs.NumberEncoder.class, Codecs.ObjectEncoder.class), "o:Point[x=1, y=2]"),
                Arguments.of("s", list(Codecs.CharSequenceEncoder.class), "cs:s"),
                Arguments.of("s", list(Codecs.NumberEncoder.class), "s"),
                Arguments.of(7, list(), "7"),
                Arguments.of('c', list(), "c"),
                Arguments.of(true, list(Codecs.NumberEncoder.class), "true"),
                Arguments.of(2.5d, list(), "2.5"),
                Arguments.of(new Point(3, 4), list(Codecs.PointTextStreamEncoder.class), "(3 4)"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("selection")
    void picksTheClosestEncoderThenTheBuiltInTextForms(Object value, List<Class<? extends Encoder>> encoders,
                                                        String expected) throws EncodeException {
        Encoders.Encoded encoded = Encoders.create(encoders, config).encode(value);
        assertTrue(encoded.isText());
        assertEquals(expected, encoded.text());
        assertNull(encoded.binary());
    }

    @Test
    void binaryEncodersAndBuiltInBinaryForms() throws EncodeException {
        Encoders encoders = Encoders.create(list(Codecs.PointBinaryEncoder.class), config);
        Encoders.Encoded point = encoders.encode(new Point(1, 2));
        assertFalse(point.isText());
        assertEquals(ByteBuffer.allocate(8).putInt(1).putInt(2).flip(), point.binary());

        Encoders.Encoded stream = Encoders.create(list(Codecs.PointBinaryStreamEncoder.class), config)
                .encode(new Point(5, 6));
        assertEquals(ByteBuffer.allocate(8).putInt(5).putInt(6).flip(), stream.binary());

        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3});
        Encoders.Encoded fromBuffer = encoders.encode(buffer);
        assertEquals(buffer, fromBuffer.binary());
        assertEquals(0, buffer.position(), "the caller's buffer is not consumed");

        byte[] array = {9, 8};
        Encoders.Encoded fromArray = encoders.encode(array);
        assertFalse(fromArray.isText());
        assertEquals(ByteBuffer.wrap(array), fromArray.binary());
    }

    @Test
    void noEncoderIsAnEncodeExceptionNamingTheClass() {
        Encoders encoders = Encoders.create(list(Codecs.NumberEncoder.class), config);
        Point point = new Point(1, 1);
        EncodeException e = assertThrows(EncodeException.class, () -> encoders.encode(point));
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
        assertSame(point, e.getObject());
        assertThrows(EncodeException.class, () -> encoders.encode(null));
    }

    @Test
    void failingEncoderIsAnEncodeExceptionWithTheCause() {
        Encoders encoders = Encoders.create(list(Codecs.FailingPointEncoder.class), config);
        EncodeException e = assertThrows(EncodeException.class, () -> encoders.encode(new Point(0, 0)));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getMessage().contains(Codecs.FailingPointEncoder.class.getName()), e.getMessage());
    }

    @Test
    void initialisesInOrderDestroysOnceAndCleansUpWhenCreationFails() {
        Encoders encoders = Encoders.create(list(Codecs.PointTextEncoder.class, Codecs.NumberEncoder.class), config);
        encoders.close();
        encoders.close();
        assertEquals(List.of("init PointTextEncoder", "init NumberEncoder",
                "destroy PointTextEncoder", "destroy NumberEncoder"), Codecs.events(config));

        Codecs.events(config).clear();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Encoders.create(list(Codecs.NumberEncoder.class, NoDefaultConstructor.class), config));
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName()), e.getMessage());
        assertEquals(List.of("init NumberEncoder", "destroy NumberEncoder"), Codecs.events(config));
    }

    public static class NoDefaultConstructor extends Codecs.PointTextEncoder {
        public NoDefaultConstructor(int unused) {
        }
    }

    @Test
    void sessionsOfAnEndpointWithoutEncodersShareOneSetThatClosingLeavesWorking() throws EncodeException {
        Encoders first = Encoders.create(List.of(), config);
        Encoders second = Encoders.create(List.of(), config);
        assertSame(first, second);
        first.close();
        assertEquals("42", second.encode(42).text());
    }
}
