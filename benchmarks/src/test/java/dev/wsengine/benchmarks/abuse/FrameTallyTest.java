package dev.wsengine.benchmarks.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameTallyTest {

    @Test
    void countsDataAndPongsAndReadsTheCloseCodeAcrossSplitReads() {
        byte[] wire = {
            (byte) 0x82, 126, 0x01, 0x00,          // binary, 256 bytes (payload follows)
        };
        ByteBuffer all = ByteBuffer.allocate(wire.length + 256 + 2 + 4);
        all.put(wire).put(new byte[256]);
        all.put((byte) 0x8A).put((byte) 0);        // empty pong
        all.put((byte) 0x88).put((byte) 2).put((byte) 0x03).put((byte) 0xF0); // Close 1008
        all.flip();
        FrameTally tally = new FrameTally();
        while (all.hasRemaining()) {
            int take = Math.min(3, all.remaining());
            ByteBuffer piece = all.slice(all.position(), take);
            all.position(all.position() + take);
            tally.feed(piece);
        }
        assertEquals(256, tally.dataBytes);
        assertEquals(1, tally.pongs);
        assertEquals(3, tally.frames);
        assertEquals(1008, tally.closeCode);
        assertNull(tally.garbage);
    }

    @Test
    void aCloseWithoutACodeIs1005AndAMaskedFrameIsGarbage() {
        FrameTally tally = new FrameTally();
        tally.feed(ByteBuffer.wrap(new byte[] {(byte) 0x88, 0}));
        assertEquals(1005, tally.closeCode);
        tally.feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81}));
        assertEquals("masked server frame", tally.garbage);
    }
}
