package dev.wsengine.benchmarks.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's figure of attack 2 ({@link NeverReading}): peers with 64 KiB receive buffers
 * each write a run of binary messages to {@code /echo} and never read the echoes; once their
 * writes have stalled (or the bound passed), a fresh client's handshake is timed and then its
 * echo round trips, one at a time. The peers are closed before this returns.
 *
 * <p>The messages are {@link #MESSAGE} bytes, under the 32 KiB binary limit every benchmark
 * launcher sets, so no server's configuration changes for this figure; {@link #PER_PEER} of them
 * are 1 MiB per peer, as in the probe, far more than a loopback connection's buffers take while
 * the peer reads nothing.
 */
public final class FreshUnderNeverReading {

    /** The echo figures' binary size: every server takes it with the benchmark's limits. */
    public static final int MESSAGE = 16 * 1024;
    public static final int PER_PEER = 64;
    static final int ECHO = 1024;
    private static final int PEER_RECEIVE_BUFFER = 64 * 1024;
    /** The peers stop writing once no write has gone through for this long: the server reads no more from them. */
    private static final long STALL_NANOS = 500_000_000L;

    /** The fresh client's figures, and how far the peers' writes got (for the log). */
    public record Result(double handshakeMillis, double p99Micros, int echoes, String peers) {
    }

    private FreshUnderNeverReading() {
    }

    /**
     * {@code peers} never-reading peers, then {@code echoes} round trips of a fresh client; every
     * step bounded by {@code boundMillis} (the peers' writes, the handshake, all the echoes), and
     * an echo that does not come in time fails the figure with what the connection showed.
     */
    public static Result measure(InetSocketAddress server, int peers, int echoes, long boundMillis) throws IOException {
        List<Peer> open = new ArrayList<>();
        try {
            // One bound for all the opens: a server that stalls on each must not cost a bound per peer.
            long opensEnd = System.nanoTime() + boundMillis * 1_000_000;
            for (int i = 0; i < peers; i++) {
                long left = Math.max(1, (opensEnd - System.nanoTime()) / 1_000_000);
                try {
                    open.add(Peer.open(server, Target.PATH, PEER_RECEIVE_BUFFER, left));
                } catch (IOException e) {
                    throw new IOException("never-reading peer " + (i + 1) + " of " + peers + " did not open: " + e.getMessage(), e);
                }
            }
            ByteBuffer run = messages();
            List<ByteBuffer> left = new ArrayList<>();
            for (int i = 0; i < peers; i++) {
                left.add(run.duplicate());
            }
            UnreadSends.Outcome sends = UnreadSends.write(open, left, boundMillis * 1_000_000, STALL_NANOS);
            String written = String.format("%d of %d peers wrote their %d KiB whole in %.1f s%s", sends.whole(), peers,
                    PER_PEER * MESSAGE / 1024, sends.seconds(), sends.failed() > 0 ? ", " + sends.failed() + " writes failed" : "");
            long start = System.nanoTime();
            try (Peer fresh = Peer.open(server, Target.PATH, 0, boundMillis)) {
                double handshakeMillis = (System.nanoTime() - start) / 1e6;
                long[] trips = echoes(fresh, echoes, boundMillis);
                return new Result(handshakeMillis, p99(trips) / 1e3, echoes, written);
            } catch (IOException e) {
                throw new IOException("fresh client, with " + written + ": " + e.getMessage(), e);
            }
        } finally {
            open.forEach(Peer::close);
        }
    }

    /** One peer's run of masked binary frames; every peer writes a view of the same bytes. */
    private static ByteBuffer messages() {
        byte[] payload = new byte[MESSAGE];
        ThreadLocalRandom.current().nextBytes(payload);
        ByteBuffer frame = Peer.frame(0x2, payload);
        ByteBuffer all = ByteBuffer.allocate(frame.remaining() * PER_PEER);
        for (int i = 0; i < PER_PEER; i++) {
            all.put(frame.duplicate());
        }
        return all.flip();
    }

    /** Round trips in nanoseconds, write to the echo's last byte, one echo in flight; a selector waits, no polling. */
    private static long[] echoes(Peer fresh, int count, long boundMillis) throws IOException {
        byte[] payload = new byte[ECHO];
        ThreadLocalRandom.current().nextBytes(payload);
        ByteBuffer frame = Peer.frame(0x2, payload);
        ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
        long[] trips = new long[count];
        long deadline = System.nanoTime() + boundMillis * 1_000_000;
        try (Selector selector = Selector.open()) {
            fresh.channel.register(selector, SelectionKey.OP_READ);
            for (int i = 0; i < count; i++) {
                long sent = System.nanoTime();
                fresh.writeFully(frame.duplicate(), boundMillis);
                long want = (i + 1L) * ECHO;
                while (fresh.tally.dataBytes < want) {
                    long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                    if (leftMillis <= 0) {
                        throw new IOException("echo " + (i + 1) + " of " + count + " not back within " + boundMillis + " ms");
                    }
                    selector.select(leftMillis);
                    selector.selectedKeys().clear();
                    if (!fresh.pump(scratch) && fresh.tally.dataBytes < want) {
                        throw new IOException("echo " + (i + 1) + " of " + count + ": the server ended the connection ("
                                + fresh.outcome() + ")");
                    }
                }
                trips[i] = System.nanoTime() - sent;
            }
        }
        return trips;
    }

    /** Nearest rank: of 200 round trips, the 198th fastest. */
    static long p99(long[] trips) {
        long[] sorted = trips.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }
}
