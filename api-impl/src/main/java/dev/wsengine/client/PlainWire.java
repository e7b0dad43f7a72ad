package dev.wsengine.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** {@code ws://}: the socket itself. */
final class PlainWire implements Wire {

    private final SocketChannel channel;

    PlainWire(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public boolean write(ByteBuffer[] srcs) throws IOException {
        channel.write(srcs);
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to tell anyone about a socket we are dropping.
        }
    }
}
