package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ends client connections politely: a Close 1000 on each, up to a second for the servers to answer
 * and close TCP, then the sockets go, whether they did or not.
 */
final class Closing {

    private Closing() {
    }

    static void closeAll(Collection<SocketChannel> channels) {
        for (SocketChannel channel : channels) {
            try {
                if (channel.isOpen() && channel.isConnected()) {
                    channel.configureBlocking(false);
                    channel.write(ClientFrames.close(1000, ThreadLocalRandom.current().nextInt()));
                }
            } catch (IOException | RuntimeException e) {
                // The server may already be gone; the socket is closed below either way.
            }
        }
        drain(channels, 1_000_000_000L);
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a socket the server already reset.
            }
        }
    }

    /** Reads and drops what the servers send until every one has closed or {@code nanos} pass. */
    private static void drain(Collection<SocketChannel> channels, long nanos) {
        ByteBuffer sink = ByteBuffer.allocateDirect(64 * 1024);
        long deadline = System.nanoTime() + nanos;
        java.util.List<SocketChannel> open = new java.util.ArrayList<>(channels);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(channel -> {
                try {
                    sink.clear();
                    return !channel.isOpen() || channel.isBlocking() || channel.read(sink) < 0;
                } catch (IOException e) {
                    return true;
                }
            });
            if (!open.isEmpty()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
