package dev.wsengine.samples.standalone;

import dev.wsengine.samples.Chromium;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The samples WAR in a real standalone container, deployed by {@code samples/standalone.sh} exactly
 * as README says, driven by clients that are not the JDK's: a bare socket (every byte ours), Jetty's
 * own WebSocket client, and Chromium on the chat page. One server per subclass, stopped at the end
 * with SIGTERM; no process of it may outlive the stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandaloneDeploymentTests {

    /** How long after the close handshake the server must have closed TCP. */
    static final int FIN_WITHIN_MILLIS = 1_000;
    /** How many times each close case is repeated: 50 in the build, -Dstandalone.closeRounds=1000 for README's figures. */
    static final int CLOSE_ROUNDS = Integer.getInteger("standalone.closeRounds", 50);
    private static final Path CLOSE_TIMES = Path.of("target", "standalone", "close-times.txt");

    private final Random random = new Random();
    private StandaloneServer server;

    /** {@code tomcat} or {@code jetty}, the script's first argument. */
    abstract String container();

    @BeforeAll
    void startServer() throws Exception {
        server = StandaloneServer.start(container());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server == null) {
            return;
        }
        List<ProcessHandle> alive = server.stop();
        assertEquals(List.of(), alive.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList(),
                "processes of standalone.sh " + container() + " still alive after SIGTERM and "
                        + StandaloneServer.STOP_SECONDS + " s (killed now)");
        assertEquals(List.of("READY " + server.echo()), server.stdout(),
                "standalone.sh prints exactly one line on standard output");
    }

    @Test
    void echoesATextFrameSentInTheSameWriteAsTheHandshakeThenBinaryThenClosesTcp() throws Exception {
        String text = "héllo, right behind the handshake";
        byte[] sameWrite = RawWebSocket.frame(RawWebSocket.TEXT, text.getBytes(StandardCharsets.UTF_8), random);
        try (RawWebSocket ws = RawWebSocket.open(server.echo(), sameWrite)) {
            assertFalse(ws.responseHead().toLowerCase().contains("content-length"), ws.responseHead());
            RawWebSocket.Frame echo = ws.read();
            assertEquals(RawWebSocket.TEXT, echo.opcode(), "opcode of the echo");
            assertEquals(text, echo.text(), "the frame sent with the handshake comes back intact");

            byte[] binary = new byte[100_000];
            random.nextBytes(binary);
            ws.send(RawWebSocket.BINARY, binary);
            RawWebSocket.Frame binaryEcho = ws.read();
            assertEquals(RawWebSocket.BINARY, binaryEcho.opcode());
            assertArrayEquals(binary, binaryEcho.payload());

            long sent = System.nanoTime();
            ws.send(RawWebSocket.CLOSE, RawWebSocket.closePayload(1000));
            RawWebSocket.Frame close = ws.read();
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1000, close.closeCode(), "the Close echoes our code");
            ws.awaitEndOfStream(sent, FIN_WITHIN_MILLIS);
        }
    }

    @Test
    void closesTcpWithinOneSecondOfAClientInitiatedCloseEveryTime() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < CLOSE_ROUNDS; round++) {
            byte[] hello = RawWebSocket.frame(RawWebSocket.TEXT, ("round " + round).getBytes(StandardCharsets.UTF_8), random);
            try (RawWebSocket ws = RawWebSocket.open(server.echo(), hello)) {
                assertEquals("round " + round, ws.read().text());
                long sent = System.nanoTime();
                ws.send(RawWebSocket.CLOSE, RawWebSocket.closePayload(1000));
                RawWebSocket.Frame close = ws.read();
                assertEquals(RawWebSocket.CLOSE, close.opcode(), "round " + round);
                assertEquals(1000, close.closeCode(), "round " + round);
                try {
                    millis.add(ws.awaitEndOfStream(sent, FIN_WITHIN_MILLIS));
                } catch (AssertionError late) {
                    throw new AssertionError("round " + round + " of " + CLOSE_ROUNDS + " (earlier rounds: " + millis
                            + " ms): " + late.getMessage(), late);
                }
            }
        }
        report("client-initiated Close 1000, then FIN", millis, 0);
    }

    @Test
    void closesTcpWithinOneSecondOfItsOwnClose1007ForInvalidUtf8EveryTime() throws Exception {
        List<Long> millis = new ArrayList<>();
        int resets = 0;
        for (int round = 0; round < CLOSE_ROUNDS; round++) {
            try (RawWebSocket ws = RawWebSocket.open(server.echo(), new byte[0])) {
                ws.send(RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28});
                RawWebSocket.Frame close = ws.read();
                long received = System.nanoTime();
                assertEquals(RawWebSocket.CLOSE, close.opcode(), "round " + round);
                assertEquals(1007, close.closeCode(), "round " + round + ": invalid UTF-8 closes with 1007");
                try {
                    // A polite client answers the Close; the server may have closed TCP already.
                    ws.send(RawWebSocket.CLOSE, RawWebSocket.closePayload(1007));
                    millis.add(ws.awaitEndOfStream(received, FIN_WITHIN_MILLIS));
                } catch (SocketException reset) {
                    // Our answering Close reached a socket the server had closed: it did close TCP.
                    resets++;
                    millis.add((System.nanoTime() - received) / 1_000_000);
                } catch (AssertionError late) {
                    throw new AssertionError("round " + round + " of " + CLOSE_ROUNDS + " (earlier rounds: " + millis
                            + " ms): " + late.getMessage(), late);
                }
            }
        }
        report("server-initiated Close 1007 (invalid UTF-8), answered, then FIN", millis, resets);
    }

    @Test
    void echoesForJettysOwnWebSocketClient() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.start();
        try {
            JettyListener listener = new JettyListener();
            Session session = client.connect(listener, server.echo()).get(10, TimeUnit.SECONDS);
            session.sendText("from Jetty's client", Callback.NOOP);
            assertEquals("from Jetty's client", listener.next());
            session.close(1000, "done", Callback.NOOP);
            assertEquals("close 1000", listener.next());
        } finally {
            client.stop();
        }
    }

    @Test
    void twoChromiumWindowsOnTheChatPageSeeEachOthersMessages() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            chromium.chatInTwoWindows(server.page("chat.html"), "standalone-" + container());
        }
    }

    @Test
    void theServerLogShowsNoClassThatCouldNotLink() throws Exception {
        // By now standalone.sh's READY handshake and this class's connections have gone through the
        // bridge: a connection switch that cannot link (a hidden Jetty class) shows here.
        String log = server.log();
        for (String failure : List.of("NoClassDefFoundError", "LinkageError", "ClassNotFoundException")) {
            assertFalse(log.contains(failure), failure + " in " + container() + "'s log:\n" + server.tail(60));
        }
    }

    @Test
    void theBridgeLogsNoWarningInAWorkingDeployment() throws Exception {
        // Everything above works here, so a WARNING or SEVERE from our code misleads whoever reads
        // this log. Tomcat's JULI writes level and logger on one line, plain JUL (Jetty) on two.
        List<String> lines = Files.readAllLines(server.logFile(), StandardCharsets.UTF_8);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean warning = line.contains("WARNING") || line.contains("SEVERE");
            boolean fromUs = line.contains("dev.wsengine") || i > 0 && lines.get(i - 1).contains("dev.wsengine");
            if (warning && fromUs) {
                ours.add(i > 0 && !line.contains("dev.wsengine") ? lines.get(i - 1) + " / " + line : line);
            }
        }
        assertEquals(List.of(), ours, "warnings from wsengine in " + container() + "'s log");
    }

    private void report(String what, List<Long> millis, int resets) throws IOException {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        String line = String.format("standalone %s, %s: %d rounds, time to FIN max %d ms, median %d ms, slowest three %s ms%s",
                container(), what, sorted.size(), sorted.get(sorted.size() - 1), sorted.get(sorted.size() / 2),
                sorted.subList(Math.max(0, sorted.size() - 3), sorted.size()),
                resets == 0 ? "" : " (" + resets + " ended by a reset of our answering Close)");
        System.out.println(line);
        Files.createDirectories(CLOSE_TIMES.getParent());
        Files.writeString(CLOSE_TIMES, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Jetty's side of the connection: each text message and the close, in order. */
    public static final class JettyListener implements Session.Listener.AutoDemanding {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketText(String message) {
            events.add(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            events.add("close " + statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            events.add("error " + cause);
        }

        String next() throws InterruptedException {
            String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event from Jetty's client within 10 s");
            }
            return event;
        }
    }
}
