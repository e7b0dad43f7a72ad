package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecodersTest {

    private final EndpointConfig config = Codecs.config();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Class<? extends Decoder>> list(Class<?>... types) {
        return (List) Arrays.asList(types);
    }

    @Test
    void initialisesEachDecoderInOrderAndDestroysThemOnceOnClose() {
        Decoders decoders = Decoders.create(list(Codecs.PointTextDecoder.class, Codecs.PointBinaryDecoder.class), config);
        assertEquals(List.of("init PointTextDecoder", "init PointBinaryDecoder"), Codecs.events(config));
        decoders.close();
        decoders.close();
        assertEquals(List.of("init PointTextDecoder", "init PointBinaryDecoder",
                "destroy PointTextDecoder", "destroy PointBinaryDecoder"), Codecs.events(config));
    }

    @Test
    void eachCreateMakesItsOwnInstances() {
        Decoders.create(list(Codecs.PointTextDecoder.class), config);
        Decoders.create(list(Codecs.PointTextDecoder.class), config);
        assertEquals(List.of("init PointTextDecoder", "init PointTextDecoder"), Codecs.events(config));
    }

    @Test
    void failingInitDestroysTheDecodersAlreadyInitialised() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Decoders.create(
                list(Codecs.PointTextDecoder.class, Codecs.FailingInitDecoder.class), config));
        assertEquals("init failed", e.getMessage());
        assertEquals(List.of("init PointTextDecoder", "destroy PointTextDecoder"), Codecs.events(config));
    }

    @Test
    void asksWillDecodeInDeclarationOrderAndStopsAtTheFirstYes() throws DecodeException {
        Decoders decoders = Decoders.create(list(Codecs.OtherPointTextDecoder.class, Codecs.PointTextDecoder.class,
                Codecs.GreedyPointTextDecoder.class), config);
        Codecs.events(config).clear();

        assertEquals(new Point(1, 2), decoders.decodeText(Point.class, "P:1,2"));
        assertEquals(List.of("willDecode OtherPointTextDecoder", "willDecode PointTextDecoder"), Codecs.events(config));

        Codecs.events(config).clear();
        assertEquals(new Point(-3, -4), decoders.decodeText(Point.class, "Q:3,4"));
        assertEquals(List.of("willDecode OtherPointTextDecoder"), Codecs.events(config));

        Codecs.events(config).clear();
        assertEquals(new Point(5, 6), decoders.decodeText(Point.class, "5,6"));
        assertEquals(List.of("willDecode OtherPointTextDecoder", "willDecode PointTextDecoder",
                "willDecode GreedyPointTextDecoder"), Codecs.events(config));
    }

    @Test
    void noDecoderWillingIsADecodeExceptionCarryingTheMessage() {
        Decoders decoders = Decoders.create(list(Codecs.PointTextDecoder.class), config);
        DecodeException e = assertThrows(DecodeException.class, () -> decoders.decodeText(Point.class, "nope"));
        assertEquals("nope", e.getText());
        assertTrue(e.getMessage().contains(Point.class.getName()), e.getMessage());
    }

    @Test
    void runtimeFailureInADecoderIsADecodeException() {
        Decoders decoders = Decoders.create(list(Codecs.BrokenPointTextDecoder.class), config);
        DecodeException e = assertThrows(DecodeException.class, () -> decoders.decodeText(Point.class, "1,2"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("1,2", e.getText());
    }

    @Test
    void binaryWillDecodeSeesAViewSoDecodeGetsTheWholeMessage() throws DecodeException {
        Decoders decoders = Decoders.create(list(Codecs.PointBinaryDecoder.class), config);
        ByteBuffer message = ByteBuffer.allocate(8).putInt(3).putInt(4).flip();
        assertEquals(new Point(3, 4), decoders.decodeBinary(Point.class, message));
        DecodeException e = assertThrows(DecodeException.class,
                () -> decoders.decodeBinary(Point.class, ByteBuffer.allocate(2)));
        assertEquals(2, e.getBytes().remaining());
    }

    @Test
    void streamDecodersReadTheirStreams() throws Exception {
        Decoders decoders = Decoders.create(list(Codecs.PointTextStreamDecoder.class,
                Codecs.PointBinaryStreamDecoder.class), config);
        assertEquals(new Point(8, 9), decoders.decodeTextStream(Point.class, new StringReader("8,9")));
        assertEquals(new Point(0, 1), decoders.decodeBinaryStream(Point.class,
                new ByteArrayInputStream(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})));
    }

    @Test
    void findsTheKindOfTheFirstDecoderForATypeIncludingSupertypesOfWhatItDecodes() {
        Decoders decoders = Decoders.create(list(Codecs.PointBinaryStreamDecoder.class, Codecs.PointTextDecoder.class,
                Codecs.CharSequenceDecoder.class), config);
        assertEquals(Decoders.Kind.BINARY_STREAM, decoders.kindFor(Point.class));
        assertEquals(Decoders.Kind.BINARY_STREAM, decoders.kindFor(Record.class));
        assertEquals(Decoders.Kind.TEXT, decoders.kindFor(CharSequence.class));
        assertNull(decoders.kindFor(String.class)); // decodes to a CharSequence, not necessarily a String
        assertEquals(Decoders.Kind.TEXT, Decoders.kindFor(list(Codecs.PointTextDecoder.class), Point.class));
    }

    public abstract static class Generic<T> implements Decoder.Text<T> {
        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    public static class ThroughAGenericBase extends Generic<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            return Codecs.parse(s);
        }
    }

    @Test
    void resolvesTheDecodedTypeThroughGenericSuperclasses() throws DecodeException {
        assertEquals(Point.class, Decoders.Declared.of(ThroughAGenericBase.class).type());
        Decoders decoders = Decoders.create(list(ThroughAGenericBase.class), config);
        assertEquals(new Point(2, 3), decoders.decodeText(Point.class, "2,3"));
    }

    @Test
    void sessionsOfAnEndpointWithoutDecodersShareOneSetThatClosingLeavesWorking() {
        Decoders first = Decoders.create(List.of(), config);
        Decoders second = Decoders.create(List.of(), config);
        assertSame(first, second);
        first.close();
        assertNull(second.kindFor(String.class));
    }
}
