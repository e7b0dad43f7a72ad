package dev.wsengine.benchmarks.abuse;

import dev.wsengine.benchmarks.client.Handshake;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Attacks 4 and 5 in one window, since both only wait: upgraded connections that never send
 * anything (heap per connection; does the server close them, and when), and, from a few seconds
 * in, connections that send their upgrade request one byte a second (after a bound: how many are
 * still open, answered, upgraded).
 */
final class IdleAndTrickle {

    private static final int OPEN_BATCH = 50;

    private IdleAndTrickle() {
    }

    static String[] run(Target target, int idle, long idleMillis, int trickles, long trickleMillis) throws Exception {
        List<Peer> silent = new ArrayList<>();
        List<Peer> slow = new ArrayList<>();
        try {
            long before = target.heapBytes();
            long openStart = System.nanoTime();
            String openFailure = "";
            try {
                openSilent(target, idle, silent);
            } catch (Exception e) {
                openFailure = " (opening stopped at " + silent.size() + ": " + e.getMessage() + ")";
            }
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            long after = target.heapBytes();
            String perConnection = perConnection(before, after, silent.size());
            long start = System.nanoTime();
            ServerEnds idleEnds = new ServerEnds(target.address().getPort(), start);
            List<Integer> idlePorts = silent.stream().map(p -> p.localPort).toList();

            byte[] request = new Handshake("127.0.0.1:" + target.address().getPort(), Target.PATH).request().array();
            for (int i = 0; i < trickles; i++) {
                slow.add(Peer.connect(target.address(), 0));
            }
            long trickleStart = System.nanoTime();
            ServerEnds slowEnds = new ServerEnds(target.address().getPort(), trickleStart);
            List<Integer> slowPorts = slow.stream().map(p -> p.localPort).toList();
            StringBuilder[] answers = new StringBuilder[trickles];
            int sentBytes = 0;
            String trickleReport = null;
            String fresh = null;
            long idleEnd = start + idleMillis * 1_000_000;
            ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
            long nextByte = trickleStart;
            while (System.nanoTime() < idleEnd || trickleReport == null) {
                long now = System.nanoTime();
                if (trickleReport == null && now >= nextByte && sentBytes < request.length) {
                    for (Peer p : slow) {
                        if (p.end == Peer.End.OPEN) {
                            try {
                                p.channel.write(ByteBuffer.wrap(request, sentBytes, 1));
                            } catch (IOException e) {
                                p.ended(Peer.End.RST);
                            }
                        }
                    }
                    sentBytes++;
                    nextByte += 1_000_000_000L;
                }
                if (trickleReport == null) {
                    readAnswers(slow, answers, scratch);
                    slowEnds.poll(slowPorts);
                    if (fresh == null && now - trickleStart > trickleMillis * 500_000L) {
                        fresh = "fresh client " + (now - trickleStart) / 1_000_000_000L + " s in: " + target.fresh();
                    }
                    if (now - trickleStart >= trickleMillis * 1_000_000) {
                        trickleReport = trickleReport(slow, answers, slowEnds, sentBytes, trickleMillis) + "; " + fresh;
                        slow.forEach(Peer::close);
                    }
                }
                idleEnds.poll(idlePorts);
                Peer.pause(200);
            }
            // What the ended ones were sent (a Close frame?) arrives at once on loopback; a short bounded read sees it.
            long drainEnd = System.nanoTime() + (idleEnds.count() > 0 ? 3_000_000_000L : 0);
            boolean open;
            do {
                open = false;
                for (Peer p : silent) {
                    open |= p.pump(scratch);
                }
                Peer.pause(20);
            } while (open && System.nanoTime() < drainEnd);
            Map<String, Integer> outcomes = new TreeMap<>();
            silent.forEach(p -> outcomes.merge(p.outcome(), 1, Integer::sum));
            String idleReport = Target.join(
                    String.format("%,d upgraded in %.1f s%s", silent.size(), openSeconds, openFailure),
                    String.format("live heap %s → %s (%s)", Target.mb(before), Target.mb(after), perConnection),
                    String.format("server ended within %d s: %s", idleMillis / 1000, idleEnds.summary(silent.size())),
                    "the clients then read: " + outcomes);
            return new String[] {idleReport, trickleReport};
        } finally {
            silent.forEach(Peer::close);
            slow.forEach(Peer::close);
        }
    }

    /** Connects and upgrades in batches: every request of a batch written, then every answer read. */
    private static void openSilent(Target target, int count, List<Peer> into) throws IOException {
        String hostPort = "127.0.0.1:" + target.address().getPort();
        while (into.size() < count) {
            int n = Math.min(OPEN_BATCH, count - into.size());
            List<Peer> batch = new ArrayList<>();
            List<Handshake> handshakes = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    Peer p = Peer.connect(target.address(), 0);
                    batch.add(p);
                    Handshake h = new Handshake(hostPort, Target.PATH);
                    handshakes.add(h);
                    p.writeFully(h.request().duplicate(), 10_000);
                }
                for (int i = 0; i < n; i++) {
                    handshakes.get(i).check(batch.get(i).readHead(10_000));
                }
            } catch (IOException | RuntimeException e) {
                batch.forEach(Peer::close);
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            into.addAll(batch);
        }
    }

    private static void readAnswers(List<Peer> slow, StringBuilder[] answers, ByteBuffer scratch) {
        for (int i = 0; i < slow.size(); i++) {
            Peer p = slow.get(i);
            if (p.end != Peer.End.OPEN) {
                continue;
            }
            try {
                scratch.clear();
                int n = p.channel.read(scratch);
                if (n < 0) {
                    p.ended(Peer.End.FIN);
                } else if (n > 0) {
                    if (answers[i] == null) {
                        answers[i] = new StringBuilder();
                    }
                    if (answers[i].length() < 200) {
                        answers[i].append(Peer.text(scratch.flip()));
                    }
                }
            } catch (IOException e) {
                p.ended(Peer.End.RST);
            }
        }
    }

    private static String trickleReport(List<Peer> slow, StringBuilder[] answers, ServerEnds ends, int sentBytes, long millis) {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < slow.size(); i++) {
            Peer p = slow.get(i);
            String answer = answers[i] == null ? "no answer" : Peer.firstLine(answers[i].toString());
            String end = switch (p.end) {
                case OPEN -> "open";
                case FIN -> "FIN";
                case RST -> "RST";
            };
            seen.merge(answer + ", " + end, 1, Integer::sum);
        }
        return String.format("after %d s (%d of the request's bytes sent): %s; server's side ended (kernel table): %s",
                millis / 1000, sentBytes, seen, ends.summary(slow.size()));
    }

    private static String perConnection(long before, long after, int count) {
        if (before < 0 || after < 0 || count == 0) {
            return "no per-connection figure";
        }
        return String.format("%,d bytes each", (after - before) / count);
    }
}
