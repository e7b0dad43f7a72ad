package dev.wsengine.framing;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FrameWriterTest {

    private static byte[] write(FrameWriter writer, int opcode, boolean fin, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.headerLength(payload.length, writer.masks()) + payload.length);
        writer.writeFrame(out, opcode, fin, 0, ByteBuffer.wrap(payload));
        assertEquals(out.capacity(), out.position(), "headerLength is exact");
        return out.array();
    }

    @Test
    void writesTheRfcUnmaskedHelloExample() {
        byte[] frame = write(FrameWriter.forServer(), Opcode.TEXT, true, "Hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals("810548656c6c6f", HexFormat.of().formatHex(frame));
    }

    @Test
    void writesTheRfcFragmentedExample() {
        FrameWriter w = FrameWriter.forServer();
        assertEquals("010348656c", HexFormat.of().formatHex(write(w, Opcode.TEXT, false, "Hel".getBytes())));
        assertEquals("80026c6f", HexFormat.of().formatHex(write(w, Opcode.CONTINUATION, true, "lo".getBytes())));
    }

    @Test
    void writesExtendedLengthsLikeTheRfc() {
        byte[] f256 = write(FrameWriter.forServer(), Opcode.BINARY, true, new byte[256]);
        assertEquals("827e0100", HexFormat.of().formatHex(f256, 0, 4));
        byte[] f64k = write(FrameWriter.forServer(), Opcode.BINARY, true, new byte[65536]);
        assertEquals("827f0000000000010000", HexFormat.of().formatHex(f64k, 0, 10));
    }

    @Test
    void clientFramesAreMaskedWithFreshKeysAndRoundTrip() {
        FrameWriter client = FrameWriter.forClient();
        byte[] payload = new byte[1000];
        new Random(5).nextBytes(payload);
        byte[] a = write(client, Opcode.BINARY, true, payload);
        byte[] b = write(client, Opcode.BINARY, true, payload);
        assertEquals(0x80, a[1] & 0x80);
        assertNotEquals(HexFormat.of().formatHex(a, 4, 8), HexFormat.of().formatHex(b, 4, 8), "fresh key per frame");
        List<String> events = MessageCollector.parse(true, Long.MAX_VALUE, List.of(a));
        assertEquals(List.of("binary " + HexFormat.of().formatHex(payload)), events);
    }

    @Test
    void neverModifiesTheCallersPayload() {
        byte[] payload = "unchanged".getBytes(StandardCharsets.UTF_8);
        ByteBuffer source = ByteBuffer.wrap(payload.clone());
        ByteBuffer out = ByteBuffer.allocate(64);
        FrameWriter.forClient().writeFrame(out, Opcode.TEXT, true, 0, source);
        assertArrayEquals(payload, source.array());
    }

    @Test
    void fragmentsLargeMessagesOnRequest() {
        byte[] payload = new byte[2500];
        new Random(9).nextBytes(payload);
        ByteBuffer out = ByteBuffer.allocate(4000);
        FrameWriter.forClient().writeFragmented(out, Opcode.BINARY, ByteBuffer.wrap(payload), 1000);
        out.flip();
        List<String> frames = new ArrayList<>();
        new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer p, boolean s, boolean e) {
                frames.add(opcode + "/" + fin + "/" + p.remaining());
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer p) {
            }
        }, true, Long.MAX_VALUE).parse(out);
        assertEquals(List.of("2/false/1000", "0/false/1000", "0/true/500"), frames);
    }

    @Test
    void copyFrameLeavesThePayloadsPositionWhereItWas() {
        ByteBuffer payload = ByteBuffer.wrap("xxHello".getBytes(StandardCharsets.US_ASCII)).position(2);
        ByteBuffer out = ByteBuffer.allocate(7);
        FrameWriter.forServer().copyFrame(out, Opcode.TEXT, true, 0, payload);
        assertEquals(2, payload.position());
        assertEquals(7, out.position());
        assertEquals("810548656c6c6f", HexFormat.of().formatHex(out.array()));
    }
}
