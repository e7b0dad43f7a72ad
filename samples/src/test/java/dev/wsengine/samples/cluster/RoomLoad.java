package dev.wsengine.samples.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One chat room under a steady load, for README's figures: {@code --clients} members join through
 * {@code --url} (nginx in front of the cluster, or one instance), the first {@code --senders} of
 * them send {@code --rate} messages a second between them for {@code --seconds} (after 3 s of
 * warm-up at the same rate), and every member
 * times each message from its send to its arrival (one process, one clock). Bounded in count and
 * time; the JDK's WebSocket client.
 *
 * <pre>
 * mvn -B -q -pl samples -am package -DskipTests   # then, with the cluster or an instance running:
 * java -cp samples/target/test-classes dev.wsengine.samples.cluster.RoomLoad \
 *     --url ws://127.0.0.1:PORT/chat/bench --clients 30 --senders 3 --rate 300 --seconds 10
 * </pre>
 */
public final class RoomLoad {

    private static final int WARMUP_SECONDS = 3;

    private RoomLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", null);
        if (url == null) {
            throw new IllegalArgumentException("--url ws://host:port/chat/ROOM is required");
        }
        int clients = Integer.parseInt(arg(args, "--clients", "30"));
        int senders = Integer.parseInt(arg(args, "--senders", "3"));
        int rate = Integer.parseInt(arg(args, "--rate", "300"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "10"));
        if (clients < 1 || clients > 500 || senders < 1 || senders > clients || rate < 1 || rate > 20_000
                || seconds < 1 || seconds > 120) {
            throw new IllegalArgumentException("Bounds: 1..500 clients, 1..clients senders, 1..20000/s, 1..120 s");
        }
        System.out.println(run(url, clients, senders, rate, seconds));
    }

    static String run(String url, int clients, int senders, int rate, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong delivered = new AtomicLong();
        List<WebSocket> members = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String sep = url.contains("?") ? "&" : "?";
                members.add(http.newWebSocketBuilder().buildAsync(URI.create(url + sep + "name=m" + i),
                        new Timing(latencies, delivered)).get(10, TimeUnit.SECONDS));
            }
            // A warm-up at the same rate (JIT, buffers, connections to Redis), not counted.
            send(members, senders, rate, WARMUP_SECONDS);
            awaitDeliveries(delivered, (long) rate * WARMUP_SECONDS * clients);
            latencies.clear();
            delivered.set(0);

            long total = (long) rate * seconds;
            long start = System.nanoTime();
            send(members, senders, rate, seconds);
            long sendNanos = System.nanoTime() - start;
            long expected = total * clients;
            awaitDeliveries(delivered, expected);
            long elapsed = System.nanoTime() - start;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("%d clients, %d senders, %d msg/s offered for %d s: sent %.0f msg/s, "
                            + "delivered %d of %d (%.0f deliveries/s), latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    clients, senders, rate, seconds, total * 1e9 / sendNanos, delivered.get(), expected,
                    delivered.get() * 1e9 / elapsed, pct(sorted, 0.50), pct(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
        } finally {
            for (WebSocket member : members) {
                member.abort();
            }
        }
    }

    /** Open loop: messages leave on schedule, whatever the replies do. */
    private static void send(List<WebSocket> members, int senders, int rate, int seconds) throws Exception {
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long wait = start + n * intervalNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            members.get((int) (n % senders)).sendText("{\"text\":\"t" + System.nanoTime() + "\"}", true)
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitDeliveries(AtomicLong delivered, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    /** Counts the room's messages and how long each took, from the nanoTime in its text. */
    private static final class Timing implements WebSocket.Listener {
        private final ConcurrentLinkedQueue<Long> latencies;
        private final AtomicLong delivered;
        private final StringBuilder text = new StringBuilder();

        Timing(ConcurrentLinkedQueue<Long> latencies, AtomicLong delivered) {
            this.latencies = latencies;
            this.delivered = delivered;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            text.append(data);
            if (!last) {
                ws.request(1);
                return null;
            }
            String s = text.toString();
            text.setLength(0);
            int at = s.indexOf("\"text\":\"t");
            if (at >= 0 && s.startsWith("{\"type\":\"message\"")) {
                int from = at + 9;
                latencies.add(now - Long.parseLong(s.substring(from, s.indexOf('"', from))));
                delivered.incrementAndGet();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            System.err.println("closed by the server: " + code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            System.err.println("connection failed: " + error);
        }
    }
}
