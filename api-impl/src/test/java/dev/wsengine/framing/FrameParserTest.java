package dev.wsengine.framing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.wsengine.testsupport.RawFrame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.wsengine.testsupport.RawFrame.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameParserTest {

    private static List<String> parseWhole(byte[] bytes) {
        return MessageCollector.parse(true, Long.MAX_VALUE, List.of(bytes));
    }

    static Stream<Arguments> violations() {
        byte[] big = new byte[126];
        return Stream.of(
                Arguments.of("RSV1 without an extension", RawFrame.of(Opcode.TEXT).rsv(4).payload("a").bytes(), 1002),
                Arguments.of("RSV2", RawFrame.of(Opcode.BINARY).rsv(2).bytes(), 1002),
                Arguments.of("RSV3", RawFrame.of(Opcode.BINARY).rsv(1).bytes(), 1002),
                Arguments.of("reserved opcode 3", RawFrame.of(3).bytes(), 1002),
                Arguments.of("reserved opcode 7", RawFrame.of(7).bytes(), 1002),
                Arguments.of("reserved opcode 0xB", RawFrame.of(0xB).bytes(), 1002),
                Arguments.of("reserved opcode 0xF", RawFrame.of(0xF).bytes(), 1002),
                Arguments.of("control frame over 125 bytes", RawFrame.of(Opcode.PING).payload(big).bytes(), 1002),
                Arguments.of("fragmented control frame", RawFrame.of(Opcode.PING).fin(false).bytes(), 1002),
                Arguments.of("RSV on a control frame", RawFrame.of(Opcode.PONG).rsv(4).bytes(), 1002),
                Arguments.of("continuation without a message", RawFrame.of(Opcode.CONTINUATION).payload("x").bytes(), 1002),
                Arguments.of("new message inside a fragmented one", concat(
                        RawFrame.of(Opcode.TEXT).fin(false).payload("a").bytes(),
                        RawFrame.of(Opcode.BINARY).payload("b").bytes()), 1002),
                Arguments.of("64-bit length with the top bit set",
                        RawFrame.of(Opcode.BINARY).declaredLength(0x8000_0000_0000_0000L).bytes(), 1002),
                Arguments.of("unmasked client frame", RawFrame.of(Opcode.TEXT).unmasked().payload("a").bytes(), 1002),
                Arguments.of("invalid UTF-8", RawFrame.of(Opcode.TEXT).payload(new byte[] {(byte) 0xFF}).bytes(), 1007));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void failsTheConnectionWithTheRightCode(String rule, byte[] frames, int code) {
        List<String> events = parseWhole(frames);
        assertEquals("fail " + code, events.get(events.size() - 1), rule);
    }

    @Test
    void rejectsMaskedFramesOnTheClientSide() {
        List<String> events = MessageCollector.parse(false, Long.MAX_VALUE,
                List.of(RawFrame.of(Opcode.TEXT).payload("a").bytes()));
        assertEquals(List.of("fail 1002"), events);
    }

    @Test
    void acceptsUnmaskedFramesOnTheClientSide() {
        List<String> events = MessageCollector.parse(false, Long.MAX_VALUE,
                List.of(RawFrame.of(Opcode.TEXT).unmasked().payload("Hello").bytes()));
        assertEquals(List.of("text Hello"), events);
    }

    @Test
    void aFrameOverTheLimitFailsWith1009BeforeItsPayloadArrives() {
        byte[] header = RawFrame.of(Opcode.BINARY).declaredLength(1 << 20).bytes();
        assertEquals(List.of("fail 1009"), MessageCollector.parse(true, 1000, List.of(header)));
    }

    @Test
    void allowsRsvBitsThatAnExtensionNegotiated() {
        List<String> events = new ArrayList<>();
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean s, boolean e) {
                events.add("rsv " + rsv);
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
            }
        }, true, Long.MAX_VALUE);
        parser.setAllowedRsv(0b100);
        parser.parse(ByteBuffer.wrap(RawFrame.of(Opcode.TEXT).rsv(4).payload("a").bytes()));
        assertEquals(List.of("rsv 4"), events);
    }

    @Test
    void readsTheThreeLengthEncodings() {
        for (int length : new int[] {0, 125, 126, 65535, 65536, 200_000}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            List<String> events = parseWhole(RawFrame.of(Opcode.BINARY).payload(payload).bytes());
            assertEquals(List.of("binary " + java.util.HexFormat.of().formatHex(payload)), events, "length " + length);
        }
    }

    @Test
    void ignoresEverythingAfterAViolation() {
        FrameParser parser = new FrameParser(new MessageCollector(), true, Long.MAX_VALUE);
        assertThrows(ProtocolViolation.class, () -> parser.parse(ByteBuffer.wrap(RawFrame.of(3).bytes())));
        ByteBuffer more = ByteBuffer.wrap(RawFrame.of(Opcode.TEXT).payload("x").bytes());
        parser.parse(more);
        assertEquals(0, more.remaining());
    }

    @Test
    void handsLargeFramesOnInPiecesAsTheyArrive() {
        List<Integer> pieces = new ArrayList<>();
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean s, boolean e) {
                pieces.add(payload.remaining());
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
            }
        }, true, Long.MAX_VALUE);
        byte[] frame = RawFrame.of(Opcode.BINARY).payload(new byte[10_000]).bytes();
        parser.parse(ByteBuffer.wrap(Arrays.copyOfRange(frame, 0, 5000)));
        parser.parse(ByteBuffer.wrap(Arrays.copyOfRange(frame, 5000, frame.length)));
        assertEquals(10_000, pieces.stream().mapToInt(Integer::intValue).sum());
        assertTrue(pieces.size() == 2, "two pieces, not one buffered frame: " + pieces);
    }

    /** The same frames, whole, byte by byte and in random splits, give the same messages and errors. */
    static Stream<Arguments> streams() {
        byte[] euro = "€".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] large = new byte[70_000];
        new Random(7).nextBytes(large);
        return Stream.of(
                Arguments.of("fragmented text with a ping between", concat(
                        RawFrame.of(Opcode.TEXT).fin(false).payload(new byte[] {'a', euro[0]}).bytes(),
                        RawFrame.of(Opcode.PING).payload("p").bytes(),
                        RawFrame.of(Opcode.CONTINUATION).fin(false).payload(new byte[] {euro[1]}).bytes(),
                        RawFrame.of(Opcode.CONTINUATION).payload(new byte[] {euro[2], 'b'}).bytes(),
                        RawFrame.of(Opcode.BINARY).payload(large).bytes(),
                        RawFrame.of(Opcode.TEXT).payload("").bytes(),
                        RawFrame.of(Opcode.CLOSE).payload(new byte[] {3, (byte) 0xE8}).bytes())),
                Arguments.of("invalid UTF-8 in the middle of a fragmented message", concat(
                        RawFrame.of(Opcode.TEXT).payload("ok").bytes(),
                        RawFrame.of(Opcode.TEXT).fin(false).payload("caf").bytes(),
                        RawFrame.of(Opcode.CONTINUATION).fin(false).payload(new byte[] {(byte) 0xED, (byte) 0xA0}).bytes(),
                        RawFrame.of(Opcode.CONTINUATION).payload("never").bytes())),
                Arguments.of("protocol error after valid frames", concat(
                        RawFrame.of(Opcode.BINARY).payload(new byte[] {1, 2, 3}).bytes(),
                        RawFrame.of(Opcode.CONTINUATION).payload("x").bytes())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void givesTheSameResultsHowEverTheBytesAreSplit(String name, byte[] stream) {
        List<String> whole = MessageCollector.parse(true, Long.MAX_VALUE, List.of(stream));
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : stream) {
            bytes.add(new byte[] {b});
        }
        assertEquals(whole, MessageCollector.parse(true, Long.MAX_VALUE, bytes), "byte by byte");
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<byte[]> pieces = new ArrayList<>();
            int at = 0;
            while (at < stream.length) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 4096));
                pieces.add(Arrays.copyOfRange(stream, at, at + n));
                at += n;
            }
            assertEquals(whole, MessageCollector.parse(true, Long.MAX_VALUE, pieces), "random splits, seed " + seed);
        }
    }

    @Test
    void failsInvalidUtf8AtTheFirstBadByteNotAtTheEndOfTheMessage() {
        List<String> events = MessageCollector.parse(true, Long.MAX_VALUE, List.of(
                RawFrame.of(Opcode.TEXT).fin(false).payload(new byte[] {'a', (byte) 0xC0}).bytes()));
        assertEquals(List.of("fail 1007"), events, "fails inside the first fragment");
    }
}
