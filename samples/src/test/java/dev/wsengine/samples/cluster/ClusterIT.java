package dev.wsengine.samples.cluster;

import dev.wsengine.samples.TextListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat sample as {@code samples/cluster/cluster.sh} runs it: Redis, three instances, nginx in
 * front, with the JDK's WebSocket client. Each test has a cluster of its own, torn down even when
 * it fails.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {

    @TempDir
    Path dir;
    private LocalCluster cluster;
    private final List<TextListener> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(dir);
    }

    @AfterEach
    void stop() {
        for (TextListener client : clients) {
            client.socket.abort();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private TextListener join(URI uri) throws Exception {
        TextListener client = TextListener.connect(uri);
        clients.add(client);
        return client;
    }

    /** Three clients through nginx, one on each instance (nginx's round robin, checked through /health). */
    private TextListener[] onThreeInstances(String room) throws Exception {
        TextListener[] three = {join(cluster.throughNginx(room, "ann")), join(cluster.throughNginx(room, "bob")),
                join(cluster.throughNginx(room, "cid"))};
        awaitSessions(new int[] {1, 1, 1});
        return three;
    }

    private void awaitSessions(int[] expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int[] now = cluster.sessions();
        while (!Arrays.equals(now, expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = cluster.sessions();
        }
        assertEquals(Arrays.toString(expected), Arrays.toString(now), "open sessions on instances 1, 2, 3");
    }

    /** Everything the client received up to and including the first message that contains {@code part}. */
    private static List<String> until(TextListener client, String part) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String m = client.next();
            seen.add(m);
            if (m.contains(part)) {
                return seen;
            }
        }
    }

    private static String text(String name, String text) {
        return "{\"type\":\"message\",\"name\":\"" + name + "\",\"text\":\"" + text + "\"}";
    }

    private static long count(List<String> messages, String message) {
        return messages.stream().filter(message::equals).count();
    }

    @Test
    void clientsOnDifferentInstancesSeeEachOthersMessagesOnce() throws Exception {
        TextListener[] c = onThreeInstances("lobby");
        TextListener ann = c[0], bob = c[1], cid = c[2];
        ann.send("{\"text\":\"from ann\"}");
        bob.send("{\"text\":\"from bob\"}");
        cid.send("{\"text\":\"from cid\"}");
        List<String> all = List.of(text("ann", "from ann"), text("bob", "from bob"), text("cid", "from cid"));
        for (TextListener client : c) {
            List<String> seen = new ArrayList<>();
            while (!seen.containsAll(all)) {
                seen.add(client.next()); // fails after 10 s without a message
            }
        }
        // Ann's own message comes back from Redis to her instance too, which must skip it: bob
        // answers only once he has it, so by his answer ann has had whatever echo there would be.
        ann.send("{\"text\":\"ann done\"}");
        until(bob, text("ann", "ann done"));
        bob.send("{\"text\":\"bob saw it\"}");
        List<String> annSaw = until(ann, text("bob", "bob saw it"));
        assertEquals(0, count(annSaw, text("ann", "from ann")), "ann's message delivered a second time: " + annSaw);
        assertEquals(1, count(annSaw, text("ann", "ann done")), annSaw.toString());
    }

    @Test
    void stoppingAnInstanceClosesItsClientsWith1001AndTheOthersGoOn() throws Exception {
        TextListener[] c = onThreeInstances("lobby");
        assertTrue(cluster.terminate("INSTANCE_2", Duration.ofSeconds(30)), "instance 2 did not exit on SIGTERM");

        List<TextListener> closed = new ArrayList<>();
        List<TextListener> left = new ArrayList<>();
        for (TextListener client : c) {
            (client.messages.contains("close 1001") ? closed : left).add(client);
        }
        assertEquals(1, closed.size(), "one client was on instance 2");
        assertEquals(2, left.size());
        for (TextListener client : left) {
            assertFalse(client.messages.stream().anyMatch(m -> m.startsWith("close")), "closed too: " + client.messages);
        }
        // The two left go on, and nginx sends a newcomer to an instance that is still there.
        left.get(0).send("{\"text\":\"still here\"}");
        until(left.get(1), "\"text\":\"still here\"");
        TextListener dan = join(cluster.throughNginx("lobby", "dan"));
        until(dan, "\"type\":\"join\",\"name\":\"dan\"");
        left.get(1).send("{\"text\":\"welcome dan\"}");
        until(dan, "welcome dan");
        until(left.get(0), "welcome dan");
    }

    @Test
    void messagesFlowAgainAfterRedisRestarts() throws Exception {
        TextListener ann = join(cluster.throughNginx("room", "ann"));
        TextListener bob = join(cluster.throughNginx("room", "bob"));
        awaitSessions(new int[] {1, 1, 0});
        ann.send("{\"text\":\"before\"}");
        until(bob, "before");

        cluster.killRedis();
        for (int i = 1; i <= 3; i++) {
            cluster.awaitHealth(i, h -> h.contains("redis DOWN"), "redis DOWN");
        }
        // Without the broker each room is local: ann still hears herself.
        ann.send("{\"text\":\"alone\"}");
        until(ann, text("ann", "alone"));

        cluster.restart("redis");
        for (int i = 1; i <= 3; i++) {
            cluster.awaitHealth(i, h -> h.contains("redis UP"), "redis UP again");
        }
        ann.send("{\"text\":\"after\"}");
        List<String> bobSaw = until(bob, text("ann", "after"));
        assertEquals(0, count(bobSaw, text("ann", "alone")), "sent while Redis was down: local only, not replayed");
        bob.send("{\"text\":\"back\"}");
        until(ann, text("bob", "back"));
    }

    @Test
    void aDrainingInstanceRefusesUpgradesWith503AndNginxSendsThemToTheOthers() throws Exception {
        // A client on instance 1 that answers the server's Close only when told: it keeps the drain open.
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        CompletableFuture<Void> answerClose = new CompletableFuture<>();
        WebSocket slow = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(cluster.direct(1, "lobby", "slow"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closeCode.complete(code);
                        return answerClose;
                    }
                }).get(10, TimeUnit.SECONDS);
        ProcessHandle instance1 = cluster.process("INSTANCE_1");
        try {
            HttpResponse<String> drain = cluster.drain(1);
            assertEquals(202, drain.statusCode(), drain.body());
            assertEquals(1001, closeCode.get(10, TimeUnit.SECONDS));
            cluster.awaitHealth(1, h -> h.startsWith("503 draining"), "503 draining");

            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> HttpClient.newHttpClient().newWebSocketBuilder()
                            .buildAsync(cluster.direct(1, "lobby", "late"), new WebSocket.Listener() { })
                            .get(10, TimeUnit.SECONDS));
            WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(503, handshake.getResponse().statusCode());

            // Through nginx every newcomer gets in: the one sent to instance 1 first is retried elsewhere.
            List<TextListener> newcomers = new ArrayList<>();
            for (String name : List.of("amy", "ben", "cat")) {
                newcomers.add(join(cluster.throughNginx("lobby", name)));
            }
            int[] sessions = cluster.sessions();
            assertEquals(0, sessions[0], "draining instance took a session: " + Arrays.toString(sessions));
            assertEquals(3, sessions[1] + sessions[2], Arrays.toString(sessions));
            // nginx logs an upgraded request when its connection ends: the one it retried names both.
            for (TextListener newcomer : newcomers) {
                newcomer.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            }
            String retried = cluster.instanceAddress(1) + ", ";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cluster.nginxAccessLog().lines().noneMatch(l -> l.contains("GET /chat/lobby?name=")
                    && l.contains("\" 101 ") && l.contains(retried)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(cluster.nginxAccessLog().lines().anyMatch(l -> l.contains("GET /chat/lobby?name=")
                            && l.contains("\" 101 ") && l.contains(retried)),
                    "no upgrade retried past instance 1 in nginx's log:\n" + cluster.nginxAccessLog());
            assertTrue(instance1.isAlive(), "instance 1 left before its session was gone");

            answerClose.complete(null);
            assertTrue(LocalCluster.awaitExit(instance1, Duration.ofSeconds(20)),
                    "instance 1 did not exit once its sessions were gone");

            // README's restart: the recorded command brings it back on its port, and nginx uses it again.
            cluster.restart("instance-1");
            cluster.awaitHealth(1, h -> h.startsWith("200 serving") && h.contains("redis UP"), "serving again");
        } finally {
            answerClose.complete(null);
            slow.abort();
        }
    }
}
