package dev.wsengine.session;

import dev.wsengine.framing.FrameWriter;

import java.nio.ByteBuffer;

/**
 * Direct buffers for small outgoing frames, shared by every session of the process.
 *
 * <p>Why direct: NIO writes a heap buffer by first copying it into a direct buffer of its own,
 * looked up in a thread-local cache on every write; JFR profiles of the 64 B text echo on Jetty
 * put 5 to 10% of the server's Java samples in those lookups. Why pooled: allocating a direct
 * buffer costs far more than the copy it saves. The pool is bounded: when every slab it may make
 * is out, the caller gets none and uses a heap buffer, as before.
 *
 * <p>A slab goes back only once nothing can still read it: when the transport reports its write
 * done or failed, or when the frame never reached the transport. A frame abandoned while its write
 * is in flight is {@linkplain #forget forgotten} instead, so it can never be handed out while a
 * transport still reads it.
 *
 * <p>Known limits, both costing speed only: a session whose peer stops reading holds one slab per
 * queued small frame until its queue drains or fails (the others meanwhile get heap buffers), and
 * a slab queued on a session whose connection never opens is never counted back (the garbage
 * collector frees it; the pool can then make one fewer).
 */
final class FrameBufferPool {

    /** Fits any frame whose payload the encoder copies next to its header, masked or not. */
    static final int SLAB_BYTES = FrameWriter.headerLength(FrameEncoder.COPY_BELOW, true) + FrameEncoder.COPY_BELOW;

    /** Enough for every in-flight reply of a few hundred busy connections: 256 KiB of native memory at most. */
    private static final int SHARED_SLABS = 256;

    private static final FrameBufferPool SHARED = new FrameBufferPool(SHARED_SLABS);

    private final ByteBuffer[] free;
    private int freeCount;
    /** Slabs made and not forgotten: those in {@link #free} and those out with a frame. */
    private int made;

    FrameBufferPool(int slabs) {
        this.free = new ByteBuffer[slabs];
    }

    static FrameBufferPool shared() {
        return SHARED;
    }

    /** A cleared slab of {@link #SLAB_BYTES}, or null when all the pool may make are out. */
    ByteBuffer acquire() {
        synchronized (this) {
            if (freeCount > 0) {
                ByteBuffer slab = free[--freeCount];
                free[freeCount] = null;
                return slab;
            }
            if (made == free.length) {
                return null;
            }
            made++;
        }
        return ByteBuffer.allocateDirect(SLAB_BYTES);
    }

    /** Takes back a slab from {@link #acquire} that nothing will read again. */
    void release(ByteBuffer slab) {
        slab.clear();
        synchronized (this) {
            free[freeCount++] = slab;
        }
    }

    /** A slab from {@link #acquire} that a transport may still read: the pool may make another in its place. */
    void forget(ByteBuffer slab) {
        synchronized (this) {
            made--;
        }
    }

    synchronized int freeSlabs() {
        return freeCount;
    }

    synchronized int slabsOut() {
        return made - freeCount;
    }
}
