package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames that announce, inflate to or add up to more than a message may hold, and frames that
 * break the protocol: the server answers each with its close code and a FIN, quickly, keeps its
 * heap, says nothing above DEBUG in its log, and serves the next client.
 */
class FrameLimitsIT {

    private static final int HEAP_MB = 128;
    /** Generous: what matters is "at once", not "after reading the announced bytes". */
    private static final long ANSWER_BOUND_MS = 5_000;

    private static SampleProcess server;
    private static long baselineHeap;

    @BeforeAll
    static void start() throws Exception {
        server = SampleProcess.start(HEAP_MB);
        FreshClient.echo(server.port(), 30);
        baselineHeap = server.liveHeap();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void aFreshClientIsStillServed() throws Exception {
        assertTrue(server.isAlive(), "the server died: " + server.output());
        FreshClient.Served served = FreshClient.echo(server.port(), 30);
        assertTrue(served.totalMs() < 5_000, "a fresh client after the attack: " + served);
        long heap = server.liveHeap();
        assertTrue(heap - baselineHeap < 16L << 20, "live heap after the attack: " + (heap >> 20)
                + " MB against " + (baselineHeap >> 20) + " MB before");
    }

    @Test
    void aHeaderAnnouncingTwoToThe63MinusOneBytesGets1009AtTheHeader() throws Exception {
        try (RawSocket socket = Wire.upgraded(server.port(), "/echo")) {
            long start = System.nanoTime();
            socket.send(RawFrame.of(RawFrame.BINARY).declaredLength(Long.MAX_VALUE).bytes());
            Wire.Ending end = Wire.ending(socket, start);
            System.out.println("2^63-1 header: " + end);
            assertTrue(end.closedCleanly(1009), "2^63-1 bytes announced: " + end);
            assertTrue(end.afterMs() < ANSWER_BOUND_MS, "answered at the header: " + end);
        }
    }

    @Test
    void aDeflateBombOfOneGibibyteGets1009Fast() throws Exception {
        int inflatedMb = Scale.count("bombMb", 1024, 1024);
        byte[] bomb = deflatedZeros((long) inflatedMb << 20);
        try (RawSocket socket = Wire.upgraded(server.port(), "/echo", "Sec-WebSocket-Extensions: permessage-deflate")) {
            long start = System.nanoTime();
            Wire.sendQuietly(socket, RawFrame.of(RawFrame.BINARY).rsv(4).payload(bomb).bytes());
            Wire.Ending end = Wire.ending(socket, start);
            System.out.println("deflate bomb (" + inflatedMb + " MiB inflated, " + bomb.length + " bytes on the wire): " + end);
            assertTrue(end.closedCleanly(1009), "a deflate bomb: " + end);
            assertTrue(end.afterMs() < ANSWER_BOUND_MS, "the bomb is stopped at the limit, not inflated whole: " + end);
        }
    }

    @Test
    void seventeenMebibytesInFragmentsGet1009() throws Exception {
        byte[] piece = new byte[1 << 20];
        try (RawSocket socket = Wire.upgraded(server.port(), "/echo")) {
            long start = System.nanoTime();
            Wire.sendQuietly(socket, RawFrame.of(RawFrame.BINARY).fin(false).payload(piece).bytes());
            for (int i = 1; i < 17; i++) {
                Wire.sendQuietly(socket, RawFrame.of(RawFrame.CONTINUATION).fin(i == 16).payload(piece).bytes());
            }
            Wire.Ending end = Wire.ending(socket, start);
            System.out.println("17 MiB in fragments: " + end);
            assertTrue(end.closedCleanly(1009), "17 MiB in 1 MiB fragments: " + end);
        }
    }

    @Test
    void controlFramesOver125BytesGet1002() throws Exception {
        for (int opcode : new int[] {RawFrame.PING, RawFrame.PONG, RawFrame.CLOSE}) {
            try (RawSocket socket = Wire.upgraded(server.port(), "/echo")) {
                long start = System.nanoTime();
                socket.send(RawFrame.of(opcode).payload(new byte[126]).bytes());
                Wire.Ending end = Wire.ending(socket, start);
                assertTrue(end.closedCleanly(1002), "a control frame (opcode " + opcode + ") of 126 bytes: " + end);
            }
        }
    }

    @Test
    void protocolViolationsAreAnsweredWith1002AndLogNothingAboveDebug() throws Exception {
        int linesBefore = server.output().size();
        List<byte[]> violations = List.of(
                RawFrame.of(RawFrame.TEXT).unmasked().payload("unmasked").bytes(),
                RawFrame.of(0x3).payload("reserved opcode").bytes(),
                RawFrame.of(RawFrame.TEXT).rsv(2).payload("reserved bit").bytes(),
                RawFrame.of(RawFrame.CONTINUATION).payload("nothing to continue").bytes(),
                RawFrame.of(RawFrame.PING).fin(false).bytes());
        for (byte[] violation : violations) {
            try (RawSocket socket = Wire.upgraded(server.port(), "/echo")) {
                long start = System.nanoTime();
                socket.send(violation);
                Wire.Ending end = Wire.ending(socket, start);
                assertTrue(end.closedCleanly(1002), "a protocol violation: " + end);
            }
        }
        Thread.sleep(500); // what the server would log reaches its output
        List<String> logged = server.output().subList(linesBefore, server.output().size());
        assertEquals(List.of(), logged, "the samples' endpoints have no @OnError: violations are the peer's, logged at DEBUG");
    }

    /** {@code size} zero bytes as one permessage-deflate message: compressed, sync-flushed, the tail cut. */
    private static byte[] deflatedZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[64 * 1024];
        for (long left = size; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            int n;
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH)) > 0) {
                out.write(buffer, 0, n);
            }
        }
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
            if (n < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        byte[] cut = new byte[all.length - 4]; // RFC 7692: the 00 00 FF FF of the final flush is left off
        System.arraycopy(all, 0, cut, 0, cut.length);
        return cut;
    }
}
