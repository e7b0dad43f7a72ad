package dev.wsengine.benchmarks.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes each peer's bytes without ever reading its answers, round-robin and non-blocking, until
 * all are written, no write has made progress for a while (the server stopped reading: its
 * buffers and the peers' are full), or the bound passes. Shared by the hostile-peer probe and the
 * benchmark's fresh-client figure, so both attack the same way.
 */
final class UnreadSends {

    /** How far the writes got: messages written whole, writes that failed, and how long it took. */
    record Outcome(int whole, int failed, double seconds) {
    }

    private UnreadSends() {
    }

    /** {@code left.get(i)} is what peer i still has to write; stallNanos of Long.MAX_VALUE waits for the bound. */
    static Outcome write(List<Peer> peers, List<ByteBuffer> left, long boundNanos, long stallNanos) {
        long start = System.nanoTime();
        long deadline = start + boundNanos;
        long lastProgress = start;
        int failed = 0;
        while (System.nanoTime() < deadline && System.nanoTime() - lastProgress < stallNanos) {
            boolean any = false;
            boolean progress = false;
            for (int i = 0; i < peers.size(); i++) {
                ByteBuffer b = left.get(i);
                if (!b.hasRemaining()) {
                    continue;
                }
                any = true;
                try {
                    if (peers.get(i).channel.write(b) > 0) {
                        progress = true;
                    }
                } catch (IOException e) {
                    // The server ended this one: it counts as failed, not as written.
                    b.position(b.limit());
                    failed++;
                }
            }
            if (!any) {
                break;
            }
            if (progress) {
                lastProgress = System.nanoTime();
            } else {
                Peer.pause(20);
            }
        }
        int whole = (int) left.stream().filter(b -> !b.hasRemaining()).count() - failed;
        return new Outcome(whole, failed, (System.nanoTime() - start) / 1e9);
    }
}
