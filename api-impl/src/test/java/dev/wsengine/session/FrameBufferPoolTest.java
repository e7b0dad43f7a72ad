package dev.wsengine.session;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameBufferPoolTest {

    @Test
    void handsOutClearedDirectSlabsAndReusesReleasedOnes() {
        FrameBufferPool pool = new FrameBufferPool(2);
        ByteBuffer slab = pool.acquire();
        assertTrue(slab.isDirect());
        assertEquals(FrameBufferPool.SLAB_BYTES, slab.capacity());
        assertEquals(0, slab.position());
        assertEquals(slab.capacity(), slab.limit());

        slab.put(new byte[10]).flip();
        pool.release(slab);
        ByteBuffer again = pool.acquire();
        assertSame(slab, again);
        assertEquals(0, again.position());
        assertEquals(again.capacity(), again.limit(), "cleared on release, whatever the transport left");
    }

    @Test
    void givesNoneOnceAllItMayMakeAreOut() {
        FrameBufferPool pool = new FrameBufferPool(2);
        ByteBuffer a = pool.acquire();
        assertNotNull(pool.acquire());
        assertNull(pool.acquire(), "bounded: the caller falls back to a heap buffer");
        pool.release(a);
        assertSame(a, pool.acquire());
    }

    @Test
    void aForgottenSlabIsNeverHandedOutAgainButFreesItsPlace() {
        FrameBufferPool pool = new FrameBufferPool(1);
        ByteBuffer inFlight = pool.acquire();
        pool.forget(inFlight);
        assertEquals(0, pool.slabsOut());
        ByteBuffer next = pool.acquire();
        assertNotNull(next);
        assertTrue(next != inFlight, "a transport may still be reading the forgotten one");
    }

    @Test
    void slabsHoldTheLargestFrameTheEncoderCopies() {
        // 1,024 payload bytes, a 4-byte length header and a 4-byte mask key.
        assertEquals(2 + 2 + 4 + FrameEncoder.COPY_BELOW, FrameBufferPool.SLAB_BYTES);
    }
}
