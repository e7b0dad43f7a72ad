package dev.wsengine.session;

import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.InMemoryTransport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.WebSocketContainer;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.Deflater;

import static org.mockito.Mockito.mock;

/**
 * Measures 1,000 open server sessions with permessage-deflate negotiated: not a test, a tool. Each
 * session has received one compressed message and sent one, so both directions hold their zlib
 * state (context takeover, the default) or, with no context takeover, have freed it again. Run from
 * the worktree root after {@code mvn -B -q -pl api-impl test-compile}, with the test class path:
 * <pre>
 * mvn -B -q -pl api-impl dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp api-impl/target/classes:api-impl/target/test-classes:$(cat /tmp/cp.txt) dev.wsengine.session.SessionDeflateFootprint
 * </pre>
 * Each scenario runs in a fresh JVM with a pre-touched fixed heap, so that growth of the process's
 * anonymous resident memory is native (zlib), not heap pages being touched. Linux only.
 */
public final class SessionDeflateFootprint {

    private static final int SESSIONS = 1_000;
    private static final String[] SCENARIOS = {"no-deflate", "deflate-context-takeover", "deflate-no-context-takeover"};
    private static final String MESSAGE = "{\"user\":\"alice\",\"room\":\"lobby\",\"text\":\"hello, everyone in the lobby!\"} ".repeat(20);

    private SessionDeflateFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            run(args[0]);
            return;
        }
        System.out.printf("%-30s %8s %14s %14s%n", "scenario", "sessions", "heap/session", "native/session");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String scenario : SCENARIOS) {
            Process child = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), SessionDeflateFootprint.class.getName(), scenario)
                    .inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException(scenario + " failed");
            }
        }
        System.out.printf("(%d-byte text message each way per session, Java %s)%n",
                MESSAGE.length(), System.getProperty("java.version"));
    }

    private static void run(String scenario) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        DeflateParameters offer = switch (scenario) {
            case "no-deflate" -> null;
            case "deflate-context-takeover" -> DeflateParameters.none();
            default -> DeflateParameters.none().withClientNoContextTakeover(true).withServerNoContextTakeover(true);
        };
        // Warm up the classes and the JIT with sessions that are thrown away.
        open(offer, scheduler, 50);
        long heapBefore = usedHeapAfterGc();
        long nativeBefore = rssAnon();
        List<WsSession> sessions = open(offer, scheduler, SESSIONS);
        long heapAfter = usedHeapAfterGc();
        long nativeAfter = rssAnon();
        System.out.printf("%-30s %8d %,14d %,14d%n", scenario, sessions.size(),
                (heapAfter - heapBefore) / SESSIONS, (nativeAfter - nativeBefore) / SESSIONS);
        for (WsSession s : sessions) {
            if (s.holdsZlibState() != "deflate-context-takeover".equals(scenario)) {
                throw new IllegalStateException("unexpected zlib state in " + scenario);
            }
        }
        scheduler.shutdownNow();
    }

    private static List<WsSession> open(DeflateParameters offer, ScheduledExecutorService scheduler, int count)
            throws Exception {
        List<WsSession> sessions = new ArrayList<>(count);
        WirePeer peer = new WirePeer(false);
        WebSocketContainer container = mock(WebSocketContainer.class);
        for (int i = 0; i < count; i++) {
            DeflateAgreement agreement = offer == null ? null : PerMessageDeflate.withDefaults().accept(offer.toExtension());
            WsSession session = new WsSession(SessionSpec.builder()
                    .container(container)
                    .endpoint(new RecordingEndpoint())
                    .config(ClientEndpointConfig.Builder.create().build())
                    .requestUri(URI.create("ws://localhost/chat"))
                    .openSessions(ConcurrentHashMap.newKeySet())
                    .scheduler(scheduler)
                    .executor(Runnable::run)
                    .extensions(agreement == null ? List.of() : List.of(agreement.extension()))
                    .deflate(agreement)
                    .build());
            InMemoryTransport transport = new InMemoryTransport();
            transport.open(session);
            session.register(ignoringText());
            byte[] payload = MESSAGE.getBytes(StandardCharsets.UTF_8);
            transport.feed(offer == null ? peer.frame(Opcode.TEXT, true, payload)
                    : peer.frame(Opcode.TEXT, true, 0b100, compress(payload)));
            session.getBasicRemote().sendText(MESSAGE);
            transport.takeWritten();
            sessions.add(session);
        }
        return sessions;
    }

    private static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        byte[] out = new byte[data.length + 64];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n - 4);
    }

    private static TextSink ignoringText() {
        return new WholeTextSink(text -> { });
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssAnon() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no RssAnon in /proc/self/status");
    }
}
