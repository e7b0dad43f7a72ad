package dev.wsengine.benchmarks.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Attack 1: one client with a 64 KiB receive buffer sends empty pings as fast as the server takes
 * them, up to a count or a time, and reads nothing; then the server's heap and a fresh client are
 * measured while the flooder still reads nothing; then the flooder reads what it was sent.
 */
final class PingFlood {

    private static final int PINGS_PER_WRITE = 10_000;
    private static final int PING_BYTES = 6;

    private PingFlood() {
    }

    static String run(Target target, long pings, long floodMillis) throws Exception {
        try (Peer peer = Peer.open(target.address(), Target.PATH, 64 * 1024, 10_000)) {
            ByteBuffer batch = ByteBuffer.allocate(PINGS_PER_WRITE * PING_BYTES);
            for (int i = 0; i < PINGS_PER_WRITE; i++) {
                batch.put((byte) 0x89).put((byte) 0x80).putInt(0x0A0B_0C0D + i);
            }
            long budget = pings * PING_BYTES;
            long sent = 0;
            long start = System.nanoTime();
            long deadline = start + floodMillis * 1_000_000;
            String writeEnd = "";
            while (sent < budget && System.nanoTime() < deadline) {
                int from = (int) (sent % batch.capacity());
                batch.position(0).limit((int) Math.min(batch.capacity(), from + budget - sent)).position(from);
                try {
                    int n = peer.channel.write(batch);
                    sent += n;
                    if (n == 0) {
                        Peer.pause(1);
                    }
                } catch (IOException e) {
                    writeEnd = "; the flooder's write failed: " + e.getMessage();
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String flood = String.format("%,d pings written in %.1f s%s%s", sent / PING_BYTES, seconds,
                    sent < budget && writeEnd.isEmpty() ? " (server stopped taking them: window full)" : "", writeEnd);
            String heap = "live heap after: " + target.heap();
            String fresh = "fresh client " + target.fresh();
            // Now the flooder reads, for a bounded time: what had the server kept for it, and did it end the connection?
            ByteBuffer scratch = ByteBuffer.allocate(256 * 1024);
            long readDeadline = System.nanoTime() + 10_000_000_000L;
            long lastProgress = System.nanoTime();
            long frames = -1;
            while (System.nanoTime() < readDeadline && peer.pump(scratch)) {
                if (peer.tally.frames != frames) {
                    frames = peer.tally.frames;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > 2_000_000_000L) {
                    break;
                }
                Peer.pause(5);
            }
            String got = String.format("flooder then read %,d pongs, %s", peer.tally.pongs, peer.outcome());
            return Target.join(flood, heap, fresh, got);
        }
    }
}
