package dev.wsengine.extensions;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Test sink: copies every chunk it is given and remembers the largest. */
final class Collector implements Consumer<ByteBuffer> {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int chunks;
    int largestChunk;

    @Override
    public void accept(ByteBuffer chunk) {
        chunks++;
        largestChunk = Math.max(largestChunk, chunk.remaining());
        byte[] copy = new byte[chunk.remaining()];
        chunk.get(copy);
        bytes.writeBytes(copy);
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    int size() {
        return bytes.size();
    }

    void reset() {
        bytes.reset();
    }
}
