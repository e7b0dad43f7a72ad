package dev.wsengine.session;

import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.settings.SendLimits;
import dev.wsengine.framing.Opcode;
import dev.wsengine.metrics.EndpointMetrics;
import dev.wsengine.testsupport.InMemoryTransport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

/** Sessions sharing a container's buffer budget: who is closed with 1013, and that every byte charged comes back. */
class BufferBudgetSessionTest {

    private static final SendLimits LIMITS = SendLimits.builder().highWaterBytes(2_000).lowWaterBytes(500).build();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final EndpointMetrics metrics = new EndpointMetrics("/budget");
    /**
     * A shed session has a minute to leave, so that its 1013 is what its application is told: with
     * no grace, the look the shed schedules 1 ms later may cut it before the Close goes out.
     */
    private BufferBudget budget = new BufferBudget(4_000, 60_000);
    private final List<Peer> peers = new ArrayList<>();

    /** One session whose peer reads nothing until told: its writes are held. */
    private record Peer(WsSession session, InMemoryTransport transport, RecordingEndpoint endpoint) {
        void send(int bytes) {
            session.getAsyncRemote().sendBinary(ByteBuffer.allocate(bytes));
        }
    }

    @AfterEach
    void stopThreads() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private Peer open() throws InterruptedException {
        RecordingEndpoint endpoint = new RecordingEndpoint();
        WsSession session = new WsSession(SessionSpec.builder()
                .container(mock(WebSocketContainer.class))
                .endpoint(endpoint)
                .config(ClientEndpointConfig.Builder.create().build())
                .client(false)
                .requestUri(URI.create("ws://localhost/budget"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler)
                .executor(executor)
                .sendLimits(LIMITS)
                .bufferBudget(budget)
                .metrics(metrics)
                .build());
        InMemoryTransport transport = new InMemoryTransport();
        transport.holdWrites(true);
        transport.open(session);
        assertEquals("open", endpoint.next());
        session.register(new WholeTextSink(text -> { }));
        Peer peer = new Peer(session, transport, endpoint);
        peers.add(peer);
        return peer;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theSessionHoldingTheMostIsClosedWith1013AndTheSmallOneIsLeftAlone() throws Exception {
        Peer small = open();
        Peer big = open();
        Peer crossing = open();
        small.send(400);                  // below its low-water mark: never a victim
        big.send(1_500);
        big.send(1_000);
        crossing.send(1_200);             // 4,100 and headers: past the budget

        assertTrue(big.endpoint().next().startsWith("close 1013 Server busy"), "the application is told 1013");
        big.transport().releaseHeldWrite(); // the peer reads the frame being written; the Close follows it
        assertEquals(1013, big.transport().closeCodeSent());
        assertEquals(Map.of("OVERLOAD", 1L), metrics.drops());
        assertTrue(small.session().isOpen());
        assertTrue(crossing.session().isOpen());
        assertFalse(small.transport().closeSent());
    }

    @Test
    void aShedSessionWhosePeerDoesNotReadIsCutWhenTheContainerStaysOverBudget() throws Exception {
        budget = new BufferBudget(4_000, 50); // long enough for the 1013 to be told first
        Peer stuck = open();
        Peer other = open();
        stuck.send(3_000);                 // in flight, and it stays there: this peer reads nothing
        other.send(1_200);
        assertTrue(stuck.endpoint().next().startsWith("close 1013"));
        // Cut by the look the shed scheduled for the end of its grace, or by this charge if the
        // grace is over already; either way not left to its close timeout.
        other.send(100);                   // still over: the bytes of the session told to go are why
        stuck.transport().awaitClosed();
        assertTrue(stuck.transport().aborted(), "cut, not waiting for its close timeout");
        await(() -> budget.heldBytes() < 4_000, "the cut session's bytes are given back");
        assertTrue(other.session().isOpen());
    }

    @Test
    void everyByteChargedIsGivenBackWhetherWrittenDroppedOrAbandonedOnAnAbruptClose() throws Exception {
        Peer written = open();
        Peer failed = open();
        Peer dropped = open();
        for (Peer p : peers) {
            p.send(300);
            p.send(200);
        }
        assertTrue(budget.heldBytes() >= 1_500);
        assertEquals(3, budget.sessions());

        written.transport().releaseHeldWrite();
        written.transport().releaseHeldWrite();
        failed.transport().failHeldWrite(new IOException("connection reset"));
        dropped.transport().drop();          // TCP gone with frames queued and one in flight
        written.transport().drop();
        failed.transport().drop();

        await(() -> budget.heldBytes() == 0, "all bytes returned, " + budget);
        assertEquals(0, budget.sessions());
        assertEquals(Map.of(), metrics.drops().entrySet().stream()
                .filter(e -> e.getKey().equals("OVERLOAD")).collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue)), "nobody was shed within the budget");
    }

    @Test
    void aPeerInTheMiddleOfABigMessageIsChargedForItAndShedLikeAQueue() throws Exception {
        Peer quiet = open();
        Peer uploading = open();
        WirePeer wire = new WirePeer(false);
        uploading.transport().feed(wire.frame(Opcode.TEXT, false, "x".repeat(1_000).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(budget.heldBytes() >= 2_000, "1,000 chars being assembled: " + budget);
        assertTrue(uploading.session().isOpen());

        uploading.transport().feed(wire.frame(Opcode.CONTINUATION, false,
                "y".repeat(2_000).getBytes(StandardCharsets.US_ASCII)));
        assertTrue(uploading.endpoint().next().startsWith("close 1013"), "past the budget with 6 KB of text");
        assertTrue(quiet.session().isOpen());

        uploading.transport().drop();
        quiet.transport().drop();
        await(() -> budget.heldBytes() == 0, "the assembly buffer given back, " + budget);
    }

    @Test
    void aBinaryMessageWhoseLengthWasAnnouncedIsChargedItsSizeNotTheDoublingsOvershoot() throws Exception {
        budget.setLimitBytes(0); // counts, never sheds: this is about what is charged
        Peer peer = open();
        peer.session().setMaxBinaryMessageBufferSize(1 << 20);
        BlockingQueue<ByteBuffer> received = new LinkedBlockingQueue<>();
        peer.session().register(new BinarySink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.WHOLE;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                received.add(data);
            }

            @Override
            public void onStream(InputStream stream) {
                throw new AssertionError("a whole-message sink");
            }
        });
        // 300,000 bytes in pieces of 1,000 bytes or less: doubling from the first piece's size
        // would end at 512,000 bytes for the last few.
        byte[] message = new byte[300_000];
        Arrays.fill(message, (byte) 7);
        byte[] wire = new WirePeer(false).frame(Opcode.BINARY, true, message);
        long peak = 0;
        for (int from = 0; from < wire.length; from += 1_000) {
            peer.transport().feed(Arrays.copyOfRange(wire, from, Math.min(wire.length, from + 1_000)));
            peak = Math.max(peak, budget.heldBytes());
        }
        ByteBuffer got = received.poll(5, TimeUnit.SECONDS);
        assertEquals(message.length, got.remaining());
        assertEquals(message.length, got.capacity(), "handed over without a spare half");
        assertTrue(peak <= message.length + 32, "at most the message (and an empty text buffer's 16 chars): " + peak);
        assertTrue(budget.heldBytes() <= 32, "given back once delivered, " + budget);
    }
}
