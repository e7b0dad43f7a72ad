package dev.wsengine.bridge;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read buffers shared by the connections of one web application: a busy connection keeps its
 * buffer, an idle one gives it back, so a quiet connection holds none and a chatty one allocates
 * none. At most {@code maxPooled} buffers wait here; beyond that they are left to the collector.
 */
final class BufferPool {

    private final int bufferSize;
    private final int maxPooled;
    private final ConcurrentLinkedDeque<ByteBuffer> pooled = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    BufferPool(int bufferSize, int maxPooled) {
        this.bufferSize = bufferSize;
        this.maxPooled = maxPooled;
    }

    int bufferSize() {
        return bufferSize;
    }

    /** A cleared heap buffer of {@link #bufferSize()} bytes. */
    ByteBuffer acquire() {
        ByteBuffer buffer = pooled.pollFirst();
        if (buffer == null) {
            return ByteBuffer.allocate(bufferSize);
        }
        size.decrementAndGet();
        return buffer.clear();
    }

    void release(ByteBuffer buffer) {
        if (buffer.capacity() != bufferSize || buffer.isDirect()) {
            return;
        }
        if (size.incrementAndGet() <= maxPooled) {
            pooled.offerFirst(buffer);
        } else {
            size.decrementAndGet();
        }
    }

    int pooledCount() {
        return size.get();
    }
}
