package dev.wsengine.benchmarks.abuse;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Attack 2: clients with 64 KiB receive buffers each send one binary message to the echo endpoint
 * and read nothing. Meanwhile a fresh client, the heap, and when the server's side of each
 * connection ends (from the kernel's table); after the observation window the clients read what
 * was left for them, for a bounded time, to see whether a Close frame came and how TCP ended.
 */
final class NeverReading {

    private NeverReading() {
    }

    static String run(Target target, int clients, int size, long observeMillis) throws Exception {
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                peers.add(Peer.open(target.address(), Target.PATH, 64 * 1024, 10_000));
            }
            byte[] payload = new byte[size];
            ThreadLocalRandom.current().nextBytes(payload);
            ByteBuffer frame = Peer.frame(0x2, payload);
            List<ByteBuffer> left = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                left.add(frame.duplicate());
            }
            long start = System.nanoTime();
            ServerEnds ends = new ServerEnds(target.address().getPort(), start);
            List<Integer> ports = peers.stream().map(p -> p.localPort).toList();
            UnreadSends.Outcome sends = UnreadSends.write(peers, left, 30_000_000_000L, Long.MAX_VALUE);
            String sending = String.format("%d of %d messages written whole in %.1f s%s", sends.whole(), clients,
                    sends.seconds(), sends.failed() > 0 ? " (" + sends.failed() + " writes failed)" : "");
            long observeEnd = System.nanoTime() + observeMillis * 1_000_000;
            List<String> during = new ArrayList<>();
            long[] checksAt = {1_000, 5_000, 20_000, 40_000};
            String heap = null;
            int next = 0;
            long sent = System.nanoTime();
            while (System.nanoTime() < observeEnd) {
                ends.poll(ports);
                long since = (System.nanoTime() - sent) / 1_000_000;
                if (next < checksAt.length && since >= checksAt[next]) {
                    if (next == 1) {
                        heap = "live heap " + since / 1000 + " s after: " + target.heap();
                    } else {
                        during.add("fresh client at " + since / 1000 + " s: " + target.fresh());
                    }
                    next++;
                }
                Peer.pause(250);
            }
            String serverEnded = "server's side ended (kernel table) for " + ends.summary(clients) + " after the sends began";
            // Now read what each was left, all together, for a bounded time.
            ByteBuffer scratch = ByteBuffer.allocate(256 * 1024);
            long readDeadline = System.nanoTime() + 5_000_000_000L;
            boolean open = true;
            while (open && System.nanoTime() < readDeadline) {
                open = false;
                for (Peer p : peers) {
                    open |= p.pump(scratch);
                }
                Peer.pause(5);
            }
            java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
            long echoBytes = 0;
            for (Peer p : peers) {
                outcomes.merge(p.outcome(), 1, Integer::sum);
                echoBytes += p.tally.dataBytes;
            }
            String read = String.format("then read 5 s: %s, %.1f MiB of echo in all", outcomes, echoBytes / 1048576.0);
            List<String> parts = new ArrayList<>(List.of(sending));
            parts.addAll(during);
            parts.add(heap);
            parts.add(serverEnded);
            parts.add(read);
            return Target.join(parts.toArray(String[]::new));
        } finally {
            peers.forEach(Peer::close);
        }
    }
}
