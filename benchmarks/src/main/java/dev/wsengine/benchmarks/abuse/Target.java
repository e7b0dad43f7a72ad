package dev.wsengine.benchmarks.abuse;

import dev.wsengine.benchmarks.harness.ServerKind;
import dev.wsengine.benchmarks.harness.ServerProcess;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** A server under attack: its process (for heap figures) and its address, and the two checks every attack makes. */
record Target(ServerKind kind, ServerProcess process, InetSocketAddress address) {

    static final String PATH = "/echo";
    private static final int FRESH_ECHO = 1024;
    private static final long FRESH_BOUND_MS = 10_000;

    /** Live heap after a full GC, as "12.3 MB", or why there is none (a server too busy to answer jcmd). */
    String heap() {
        try {
            return mb(process.heapUsedAfterFullGc("0-1"));
        } catch (Exception e) {
            return "no heap figure (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
        }
    }

    /** Live heap after a full GC in bytes, or -1 when jcmd gave none. */
    long heapBytes() {
        try {
            return process.heapUsedAfterFullGc("0-1");
        } catch (Exception e) {
            return -1;
        }
    }

    static String mb(long bytes) {
        return bytes < 0 ? "no figure" : String.format("%.1f MB", bytes / 1e6);
    }

    /** A new client's handshake and one 1 KiB binary echo, each bounded by 10 s: "handshake 3 ms, echo 1 ms". */
    String fresh() {
        long start = System.nanoTime();
        try (Peer peer = Peer.open(address, PATH, 0, FRESH_BOUND_MS)) {
            long upgraded = System.nanoTime();
            byte[] payload = new byte[FRESH_ECHO];
            ThreadLocalRandom.current().nextBytes(payload);
            peer.writeFully(Peer.frame(0x2, payload), FRESH_BOUND_MS);
            ByteBuffer scratch = ByteBuffer.allocate(4096);
            long deadline = upgraded + FRESH_BOUND_MS * 1_000_000;
            while (peer.tally.dataBytes < FRESH_ECHO && System.nanoTime() < deadline && peer.pump(scratch)) {
                Peer.pause(1);
            }
            long echoed = System.nanoTime();
            String times = String.format("handshake %.0f ms, ", (upgraded - start) / 1e6);
            if (peer.tally.dataBytes < FRESH_ECHO) {
                return times + "no echo (" + peer.outcome() + " after " + (echoed - upgraded) / 1_000_000 + " ms)";
            }
            return times + String.format("echo %.0f ms", (echoed - upgraded) / 1e6);
        } catch (Exception e) {
            return String.format("failed after %.0f ms: %s", (System.nanoTime() - start) / 1e6, e.getMessage());
        }
    }

    static String join(String... parts) {
        return String.join("; ", Arrays.stream(parts).filter(p -> p != null && !p.isEmpty()).toList());
    }
}
