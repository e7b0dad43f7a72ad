package dev.wsengine.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    @Test
    void maskedHelloIsTheRfcExample() {
        // RFC 6455 section 5.7: a masked "Hello" with mask 37 fa 21 3d.
        ByteBuffer out = ByteBuffer.allocate(ClientFrames.frameLength(5));
        ClientFrames.writeMasked(out, ClientFrames.TEXT, ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)), 0x37fa213d);
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58},
                out.array());
    }

    @Test
    void sixteenKibUsesTheTwoByteLengthAndUnmasksBackToThePayload() {
        byte[] payload = new byte[16 * 1024 + 3];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        int mask = 0xa1b2c3d4;
        ByteBuffer out = ByteBuffer.allocate(ClientFrames.frameLength(payload.length));
        ByteBuffer source = ByteBuffer.wrap(payload);
        ClientFrames.writeMasked(out, ClientFrames.BINARY, source, mask);
        assertFalse(out.hasRemaining());
        assertEquals(0, source.position(), "the payload is left as it was");
        byte[] frame = out.array();
        assertEquals((byte) 0x82, frame[0]);
        assertEquals((byte) (0x80 | 126), frame[1]);
        assertEquals(payload.length, ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF));
        byte[] key = {frame[4], frame[5], frame[6], frame[7]};
        assertEquals(mask, ByteBuffer.wrap(key).getInt());
        for (int i = 0; i < payload.length; i++) {
            assertEquals(payload[i], (byte) (frame[8 + i] ^ key[i & 3]), "byte " + i);
        }
    }

    @Test
    void fragmentsCarryFinOnlyOnTheLastAndTheOpcodeOnlyOnTheFirst() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        ByteBuffer first = ByteBuffer.allocate(ClientFrames.frameLength(3));
        ClientFrames.writeMasked(first, ClientFrames.BINARY, false, payload, 0);
        ByteBuffer last = ByteBuffer.allocate(ClientFrames.frameLength(3));
        ClientFrames.writeMasked(last, ClientFrames.CONTINUATION, true, payload, 0);
        assertEquals((byte) 0x02, first.get(0));
        assertEquals((byte) 0x80, last.get(0));
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOfRange(last.array(), 6, 9), "mask 0 leaves the payload");
    }

    @Test
    void closeCarriesTheCode() {
        ByteBuffer close = ClientFrames.close(1000, 0);
        assertEquals(8, close.remaining());
        assertEquals((byte) 0x88, close.get(0));
        assertEquals((byte) 0x82, close.get(1));
        assertEquals(1000, close.getShort(6));
    }

    @Test
    void readerReportsFramesSplitAcrossReadsAndComparesPayloads() {
        byte[] payload = "echo me".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        ServerFrameReader reader = new ServerFrameReader();
        reader.expect(payload);
        List<String> seen = new ArrayList<>();
        ServerFrameReader.Listener listener = (op, len, matched) -> seen.add(op + "/" + len + "/" + matched);
        for (byte b : frame) {
            reader.feed(ByteBuffer.wrap(new byte[] {b}), listener);
        }
        frame[5] = 'X';
        reader.feed(ByteBuffer.wrap(frame), listener);
        assertEquals(List.of("1/7/true", "1/7/false"), seen);
    }

    @Test
    void readerTakesTheEightByteLengthAndRefusesMaskedServerFrames() {
        ByteBuffer big = ByteBuffer.allocate(10 + 70_000);
        big.put((byte) 0x82).put((byte) 127).putLong(70_000).position(big.capacity()).flip();
        ServerFrameReader reader = new ServerFrameReader();
        long[] length = new long[1];
        reader.feed(big, (op, len, matched) -> length[0] = len);
        assertEquals(70_000, length[0]);
        assertThrows(IllegalStateException.class,
                () -> new ServerFrameReader().feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81}), (op, len, m) -> { }));
    }

    @Test
    void acceptValueIsTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void handshakeCheckRefusesAnythingButA101WithTheRightAccept() {
        Handshake h = new Handshake("127.0.0.1:1", "/echo");
        String request = StandardCharsets.US_ASCII.decode(h.request().duplicate()).toString();
        String key = request.replaceAll("(?s).*Sec-WebSocket-Key: ([^\r]+)\r.*", "$1");
        h.check("HTTP/1.1 101 Switching Protocols\r\nsec-websocket-accept: " + Handshake.acceptFor(key) + "\r\n\r\n");
        assertThrows(IllegalStateException.class, () -> h.check("HTTP/1.1 404 Not Found\r\n\r\n"));
        assertThrows(IllegalStateException.class, () -> h.check("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n"));
        byte[] head = "HTTP/1.1 101 OK\r\nA: b\r\n\r\nrest".getBytes(StandardCharsets.US_ASCII);
        assertEquals(head.length - 4, Handshake.headEnd(head, head.length));
        assertEquals(-1, Handshake.headEnd(head, 10));
    }

    @Test
    void statLineGivesUserPlusSystemTimeEvenWithSpacesInTheName() {
        String stat = "4242 (java thing) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 1000 0 0";
        assertEquals(300L * 10_000_000L, CpuClock.parseStatNanos(stat));
        assertTrue(CpuClock.selfNanos() > 0);
    }

    @Test
    void statusLinesGiveTheirNumbers() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t220\n";
        assertEquals(123456L, CpuClock.statusValue(status, "VmRSS"));
        assertEquals(220L, CpuClock.statusValue(status, "Threads"));
        assertTrue(CpuClock.threadCount(ProcessHandle.current().pid()) > 1);
    }

    @Test
    void compilerThreadsAreHotSpotsC1AndC2AsProcNamesThem() {
        assertTrue(CpuClock.isCompilerThread("C2 CompilerThre\n"));
        assertTrue(CpuClock.isCompilerThread("C1 CompilerThre"));
        assertFalse(CpuClock.isCompilerThread("GC Thread#0"));
        assertFalse(CpuClock.isCompilerThread("qtp1234-17"));
        assertFalse(CpuClock.isCompilerThread("Sweeper thread"));
        long pid = ProcessHandle.current().pid();
        long compiler = CpuClock.compilerNanos(pid);
        assertTrue(compiler >= 0 && compiler <= CpuClock.processNanos(pid),
                "the compilers' time is part of the process's: " + compiler);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(500, Percentiles.of(sorted, 50));
        assertEquals(990, Percentiles.of(sorted, 99));
        assertEquals(999, Percentiles.of(sorted, 99.9));
        assertEquals(1000, Percentiles.of(sorted, 100));
        assertEquals(7, Percentiles.of(new long[] {7}, 99.9));
    }
}
