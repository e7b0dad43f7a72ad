package dev.wsengine.benchmarks.abuse;

import java.nio.ByteBuffer;

/**
 * Attack 3: a binary frame whose header announces 2^63−1 payload bytes, followed by masked zeros
 * until the server answers, a bound of bytes is written, or time runs out.
 */
final class HugeFrame {

    private static final long MAX_PAYLOAD_WRITTEN = 64L << 20;
    private static final long BOUND_MS = 5_000;

    private HugeFrame() {
    }

    static String run(Target target) throws Exception {
        try (Peer peer = Peer.open(target.address(), Target.PATH, 0, 10_000)) {
            ByteBuffer header = ByteBuffer.allocate(14);
            header.put((byte) 0x82).put((byte) (0x80 | 127)).putLong(Long.MAX_VALUE).putInt(0x1234_5678).flip();
            long start = System.nanoTime();
            peer.writeFully(header, BOUND_MS);
            // Zeros masked with 0x12345678 are the mask itself, repeated.
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (chunk.hasRemaining()) {
                chunk.putInt(0x1234_5678);
            }
            ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
            long written = 0;
            long answeredNanos = 0;
            long writtenAtAnswer = -1;
            long deadline = start + BOUND_MS * 1_000_000;
            boolean writeFailed = false;
            while (System.nanoTime() < deadline) {
                boolean open = peer.pump(scratch);
                if (answeredNanos == 0 && (peer.tally.frames > 0 || !open)) {
                    answeredNanos = System.nanoTime();
                    writtenAtAnswer = written;
                }
                if (!open || peer.tally.closeCode >= 0 && answeredNanos != 0 && System.nanoTime() - answeredNanos > 1_000_000_000L) {
                    break;
                }
                if (answeredNanos == 0 && written < MAX_PAYLOAD_WRITTEN && !writeFailed) {
                    try {
                        int n = peer.channel.write(chunk.clear());
                        written += n;
                        if (n == 0) {
                            Peer.pause(1);
                        }
                    } catch (java.io.IOException e) {
                        writeFailed = true;
                    }
                } else {
                    Peer.pause(1);
                }
            }
            if (answeredNanos == 0) {
                return String.format("no answer within %d ms; %,d payload bytes accepted; %s", BOUND_MS, written, peer.outcome());
            }
            String endTime = peer.end == Peer.End.OPEN ? "" : String.format(" (end %.0f ms)", (peer.endNanos - start) / 1e6);
            return String.format("%s%s, first answer %.0f ms after the header; %,d payload bytes accepted before it",
                    peer.outcome(), endTime, (answeredNanos - start) / 1e6, writtenAtAnswer);
        }
    }
}
