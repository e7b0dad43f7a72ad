package dev.wsengine.framing;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class MaskingTest {

    private static byte[] byteLoop(byte[] data, int from, int to, int key, int phase) {
        byte[] out = data.clone();
        for (int i = from; i < to; i++) {
            int k = (key >>> (24 - 8 * ((phase + i - from) & 3))) & 0xFF;
            out[i] = (byte) (out[i] ^ k);
        }
        return out;
    }

    @Test
    void matchesAByteLoopForEveryAlignmentPhaseAndByteOrder() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            byte[] data = new byte[random.nextInt(100)];
            random.nextBytes(data);
            int from = data.length == 0 ? 0 : random.nextInt(data.length);
            int to = from + random.nextInt(data.length - from + 1);
            int key = random.nextInt();
            int phase = random.nextInt(4);
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer buf = ByteBuffer.wrap(data.clone()).order(order);
                Masking.mask(buf, from, to, key, phase);
                assertArrayEquals(byteLoop(data, from, to, key, phase), buf.array(), "trial " + trial + " " + order);
            }
        }
    }

    @Test
    void continuesThePhaseAcrossPieces() {
        byte[] data = new byte[37];
        new Random(1).nextBytes(data);
        int key = 0x12345678;
        ByteBuffer buf = ByteBuffer.wrap(data.clone());
        int phase = Masking.mask(buf, 0, 13, key, 0);
        phase = Masking.mask(buf, 13, 14, key, phase);
        Masking.mask(buf, 14, 37, key, phase);
        assertArrayEquals(byteLoop(data, 0, 37, key, 0), buf.array());
    }

    @Test
    void worksOnDirectBuffers() {
        byte[] data = new byte[64];
        new Random(3).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(64).put(data).flip();
        Masking.mask(direct, 3, 61, 0xCAFEBABE, 2);
        byte[] out = new byte[64];
        direct.get(out);
        assertArrayEquals(byteLoop(data, 3, 61, 0xCAFEBABE, 2), out);
    }
}
