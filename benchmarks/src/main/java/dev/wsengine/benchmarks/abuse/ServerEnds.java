package dev.wsengine.benchmarks.abuse;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches a set of connections from the server's side and keeps, for each, when the server's socket
 * first left ESTABLISHED and into what (gone counts as ended too: reset or fully closed).
 */
final class ServerEnds {

    record Ended(long nanos, String how) {
    }

    private final int serverPort;
    private final long startNanos;
    private final Map<Integer, Ended> ended = new HashMap<>();

    ServerEnds(int serverPort, long startNanos) {
        this.serverPort = serverPort;
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** One look at the table; call it every few hundred ms. */
    void poll(Collection<Integer> clientPorts) {
        Map<Integer, Integer> states = TcpTable.serverSides(serverPort);
        long now = System.nanoTime();
        for (int port : clientPorts) {
            if (ended.containsKey(port)) {
                continue;
            }
            Integer state = states.get(port);
            if (state == null) {
                ended.put(port, new Ended(now, "gone"));
            } else if (state != TcpTable.ESTABLISHED) {
                ended.put(port, new Ended(now, TcpTable.name(state)));
            }
        }
    }

    /** "none of 200" or "180 of 200 (FIN_WAIT1 170, gone 10) at 25.0–25.4 s". */
    String summary(int total) {
        if (ended.isEmpty()) {
            return "none of " + total;
        }
        Map<String, Integer> byHow = new java.util.TreeMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Ended e : ended.values()) {
            byHow.merge(e.how(), 1, Integer::sum);
            first = Math.min(first, e.nanos());
            last = Math.max(last, e.nanos());
        }
        return String.format("%d of %d %s at %.1f–%.1f s", ended.size(), total, byHow,
                (first - startNanos) / 1e9, (last - startNanos) / 1e9);
    }

    int count() {
        return ended.size();
    }
}
