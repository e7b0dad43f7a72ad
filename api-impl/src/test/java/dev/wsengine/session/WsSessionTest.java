package dev.wsengine.session;

import dev.wsengine.settings.PeerLimits;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.framing.FrameWriter;
import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.InMemoryTransport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

class WsSessionTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final InMemoryTransport transport = new InMemoryTransport();
    private final RecordingEndpoint endpoint = new RecordingEndpoint();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private WirePeer peer;

    @AfterEach
    void stopThreads() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private WsSession open(boolean client, Consumer<SessionSpec.Builder> settings) throws InterruptedException {
        peer = new WirePeer(client);
        SessionSpec.Builder b = SessionSpec.builder()
                .container(mock(WebSocketContainer.class))
                .endpoint(endpoint)
                .config(ClientEndpointConfig.Builder.create().build())
                .client(client)
                .requestUri(URI.create("ws://localhost/test"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler)
                .executor(executor);
        settings.accept(b);
        WsSession session = new WsSession(b.build());
        transport.open(session);
        assertEquals("open", endpoint.next());
        session.register(wholeTextSink());
        return session;
    }

    private WsSession openServer() throws InterruptedException {
        return open(false, b -> { });
    }

    private TextSink wholeTextSink() {
        return new WholeTextSink(texts::add);
    }

    private List<WirePeer.Frame> written() {
        return peer.read(transport.takeWritten());
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
    void deliversWholeTextMessages() throws Exception {
        openServer();
        transport.feed(peer.text("héllo"));
        assertEquals("héllo", texts.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void reassemblesFragmentedTextWithControlFramesBetween() throws Exception {
        openServer();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        transport.feed(peer.frame(Opcode.TEXT, false, new byte[] {'a', euro[0]}));
        transport.feed(peer.frame(Opcode.PING, true, new byte[] {1, 2}));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[] {euro[1], euro[2], 'b'}));
        assertEquals("a€b", texts.poll(5, TimeUnit.SECONDS));
        List<WirePeer.Frame> frames = written();
        assertEquals(Opcode.PONG, frames.get(0).opcode());
        assertEquals(2, frames.get(0).payload().length);
    }

    @Test
    void answersPeerCloseWithItsCodeAndServerClosesTcp() throws Exception {
        WsSession session = openServer();
        transport.feed(peer.close(4001, "bye"));
        assertEquals("close 4001 bye", endpoint.next());
        List<WirePeer.Frame> frames = written();
        assertEquals(1, frames.size());
        assertEquals(Opcode.CLOSE, frames.get(0).opcode());
        assertEquals(4001, frames.get(0).closeCode());
        assertEquals(1, transport.closes());
        assertFalse(transport.aborted());
        assertFalse(session.isOpen());
    }

    @Test
    void ignoresDataAfterTheClose() throws Exception {
        openServer();
        byte[] close = peer.close(1000, "");
        byte[] text = peer.text("too late");
        byte[] both = new byte[close.length + text.length];
        System.arraycopy(close, 0, both, 0, close.length);
        System.arraycopy(text, 0, both, close.length, text.length);
        transport.feed(both);
        assertEquals("close 1000 ", endpoint.next());
        assertNull(texts.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void localCloseSendsCloseReportsItAndWaitsForTheReply() throws Exception {
        WsSession session = openServer();
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "done"));
        assertFalse(session.isOpen());
        assertEquals("close 1000 done", endpoint.next());
        List<WirePeer.Frame> frames = written();
        assertEquals(1000, frames.get(0).closeCode());
        assertEquals("done", frames.get(0).closeReason());
        assertEquals(0, transport.closes());
        transport.feed(peer.close(1000, ""));
        assertEquals(1, transport.closes());
        assertFalse(transport.aborted());
        session.close(); // a second close has no effect
        assertTrue(written().isEmpty());
    }

    @Test
    void cutsOffAPeerThatNeverAnswersTheClose() throws Exception {
        WsSession session = open(false, b -> b.closeTimeoutMs(50));
        session.close();
        await(transport::aborted, "connection aborted after the close timeout");
        assertEquals("close 1000 ", endpoint.next());
        assertNull(endpoint.events.poll(100, TimeUnit.MILLISECONDS), "onClose runs once");
    }

    @Test
    void unmaskedClientFrameFailsTheConnectionWith1002() throws Exception {
        openServer();
        ByteBuffer unmasked = ByteBuffer.allocate(16);
        FrameWriter.forServer().writeFrame(unmasked, Opcode.TEXT, true, 0, ByteBuffer.wrap(new byte[] {'x'}));
        unmasked.flip();
        byte[] bytes = new byte[unmasked.remaining()];
        unmasked.get(bytes);
        transport.feed(bytes);
        assertEquals("error ProtocolViolation", endpoint.next());
        assertTrue(endpoint.next().startsWith("close 1002 "));
        assertEquals(1002, written().get(0).closeCode());
        assertEquals(1, transport.closes());
    }

    @Test
    void invalidUtf8FailsWith1007() throws Exception {
        openServer();
        transport.feed(peer.frame(Opcode.TEXT, true, new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF}));
        assertEquals("error ProtocolViolation", endpoint.next());
        assertTrue(endpoint.next().startsWith("close 1007 "));
        assertEquals(1007, written().get(0).closeCode());
        assertNull(texts.poll());
    }

    @Test
    void textLargerThanTheBufferFailsWith1009() throws Exception {
        openServer().setMaxTextMessageBufferSize(4);
        transport.feed(peer.text("12345"));
        assertEquals("error ProtocolViolation", endpoint.next());
        assertTrue(endpoint.next().startsWith("close 1009 "));
        assertEquals(1009, written().get(0).closeCode());
    }

    /** Only the header of a frame announcing 2^62 bytes: the answer may not wait for the payload. */
    @Test
    void aFrameHeaderAnnouncingMoreThanTheLimitFailsWith1009BeforeItsPayload() throws Exception {
        openServer().setMaxTextMessageBufferSize(1 << 20);
        transport.feed(new byte[] {(byte) 0x81, (byte) 0xFF, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4});
        assertEquals("error ProtocolViolation", endpoint.next());
        assertTrue(endpoint.next().startsWith("close 1009 "));
        assertEquals(1009, written().get(0).closeCode());
    }

    @Test
    void aContinuationAnnouncedPastTheLimitFailsWith1009BeforeItsPayload() throws Exception {
        openServer().setMaxTextMessageBufferSize(8);
        transport.feed(peer.frame(Opcode.TEXT, false, "12345".getBytes(StandardCharsets.US_ASCII)));
        transport.feed(new byte[] {(byte) 0x80, (byte) 0x84, 1, 2, 3, 4});
        assertEquals("error ProtocolViolation", endpoint.next());
        assertTrue(endpoint.next().startsWith("close 1009 "));
        assertEquals(1009, written().get(0).closeCode());
    }

    @Test
    void droppedConnectionReportsAbnormalCloseOnce() throws Exception {
        WsSession session = openServer();
        Set<jakarta.websocket.Session> before = session.getOpenSessions();
        assertEquals(Set.of(session), before);
        transport.drop();
        assertTrue(endpoint.next().startsWith("close 1006 "));
        assertNull(endpoint.events.poll(100, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, session::getBasicRemote);
    }

    @Test
    void idleTimeoutSends1001AndReports1006() throws Exception {
        WsSession session = open(false, b -> b.maxIdleTimeoutMs(50));
        assertTrue(endpoint.next().startsWith("close 1006 "));
        assertFalse(session.isOpen());
        assertEquals(1001, written().get(0).closeCode());
    }

    @Test
    void keepAlivePingsASilentPeerAndClosesOneThatDoesNotAnswer() throws Exception {
        WsSession session = open(false, b -> b.peerLimits(PeerLimits.builder()
                .keepAliveIntervalMs(20).keepAliveTimeoutMs(50).build()));
        String close = endpoint.next();
        assertTrue(close.startsWith("close 1006 No answer to a Ping"), close);
        assertFalse(session.isOpen());
        transport.awaitClosed();
        List<WirePeer.Frame> frames = written();
        assertEquals(Opcode.PING, frames.get(0).opcode());
        assertEquals(0, frames.get(0).payload().length);
        assertEquals(Opcode.CLOSE, frames.get(frames.size() - 1).opcode());
        assertEquals(1001, frames.get(frames.size() - 1).closeCode());
        assertFalse(transport.aborted(), "TCP goes after the Close, without waiting for an answer");
    }

    @Test
    void keepAliveCountsAPongAsAnAnswer() throws Exception {
        WsSession session = open(false, b -> b.peerLimits(PeerLimits.builder()
                .keepAliveIntervalMs(20).keepAliveTimeoutMs(60_000).build()));
        for (int pings = 0; pings < 2; ) {
            for (WirePeer.Frame frame : written()) {
                if (frame.opcode() == Opcode.PING) {
                    pings++;
                    transport.feed(peer.frame(Opcode.PONG, true, frame.payload()));
                }
            }
            Thread.sleep(10);
        }
        assertTrue(session.isOpen(), "a second Ping follows only an answered one");
    }

    @Test
    void refusesTheFrameBeyondTheFragmentLimitWith1009() throws Exception {
        WsSession session = open(false, b -> b.peerLimits(PeerLimits.builder().maxFragmentsPerMessage(3).build()));
        transport.feed(peer.frame(Opcode.TEXT, false, new byte[] {'a'}));
        transport.feed(peer.frame(Opcode.CONTINUATION, false, new byte[] {'b'}));
        transport.feed(peer.frame(Opcode.CONTINUATION, false, new byte[] {'c'}));
        assertTrue(session.isOpen(), "three frames are allowed");
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[] {'d'}));
        assertEquals("error ProtocolViolation", endpoint.next());
        String close = endpoint.next();
        assertTrue(close.startsWith("close 1009 ") && close.contains("maxFragmentsPerMessage"), close);
        assertEquals(1009, transport.closeCodeSent());
        assertNull(texts.poll(100, TimeUnit.MILLISECONDS), "the message is not delivered");
    }

    @Test
    void anOverloadedTransportGetsTheSessionsCloseWith1008() throws Exception {
        WsSession session = openServer();
        assertTrue(session.onOverload("The peer sent over 64 bytes that the application has not consumed yet"));
        String close = endpoint.next();
        assertTrue(close.startsWith("close 1008 The peer sent over 64 bytes"), close);
        assertEquals(1008, transport.closeCodeSent());
        transport.awaitClosed();
        assertFalse(transport.aborted(), "TCP goes once the Close is written");
    }

    @Test
    void sendsAfterCloseFailWithIOException() throws Exception {
        WsSession session = openServer();
        var basic = session.getBasicRemote();
        session.close();
        assertThrows(IOException.class, () -> basic.sendText("x"));
    }

    @Test
    void clientSessionMasksItsFrames() throws Exception {
        WsSession session = open(true, b -> { });
        session.getBasicRemote().sendText("masked");
        byte[] bytes = transport.takeWritten();
        assertEquals(0x80, bytes[1] & 0x80, "mask bit set");
        assertEquals("masked", peer.read(bytes).get(0).text());
    }

    @Test
    void serverTextsOfEveryKindAndSizeArriveIntact() throws Exception {
        sendsEveryKindOfTextIntact(false);
    }

    @Test
    void clientTextsOfEveryKindAndSizeArriveIntact() throws Exception {
        sendsEveryKindOfTextIntact(true);
    }

    private void sendsEveryKindOfTextIntact(boolean client) throws Exception {
        WsSession session = open(client, b -> { });
        for (String text : List.of("", "tick", "x".repeat(1024), "x".repeat(1025), "caf\u00e9 \ud83d\ude00",
                "\ud800 unpaired", "y".repeat(70_000))) {
            session.getBasicRemote().sendText(text);
            List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
            assertEquals(1, frames.size());
            // Copied next to its header or sent as a second buffer, its bytes are String.getBytes's UTF-8 (an unpaired surrogate becomes '?').
            assertEquals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), frames.get(0).text(),
                    text.length() + " chars");
        }
    }

    @Test
    void concurrentSendsFromManyThreadsNeverInterleave() throws Exception {
        WsSession session = openServer();
        int threads = 8;
        int perThread = 50;
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < perThread; i++) {
                        String m = "t" + id + "-m" + i;
                        if (i % 2 == 0) {
                            session.getBasicRemote().sendText(m);
                        } else {
                            session.getBasicRemote().sendText(m.substring(0, 2), false);
                            session.getBasicRemote().sendText(m.substring(2), true);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread t : senders) {
            t.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> "sends failed: " + failures);
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder open = null;
        for (WirePeer.Frame f : written()) {
            if (f.opcode() == Opcode.CONTINUATION) {
                assertTrue(open != null, "continuation without an open message");
                open.append(f.text());
            } else {
                assertNull(open, "a new message started inside a fragmented one");
                open = new StringBuilder(f.text());
            }
            if (f.fin()) {
                seen.merge(open.toString(), 1, Integer::sum);
                open = null;
            }
        }
        assertEquals(threads * perThread, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1));
    }

    @Test
    void aThreadCannotInterleaveItsOwnPartialMessage() throws Exception {
        WsSession session = openServer();
        session.getBasicRemote().sendText("part", false);
        assertThrows(IllegalStateException.class, () -> session.getBasicRemote().sendText("whole"));
        session.getBasicRemote().sendText("end", true);
        session.getBasicRemote().sendText("whole");
        List<WirePeer.Frame> frames = written();
        assertEquals(List.of("part", "end", "whole"), frames.stream().map(WirePeer.Frame::text).toList());
    }

    @Test
    void applicationErrorsGoToOnErrorAndTheSessionStaysOpen() throws Exception {
        WsSession session = openServer();
        session.register(new dev.wsengine.endpoint.BinarySink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.WHOLE;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                throw new IllegalArgumentException("boom");
            }

            @Override
            public void onStream(java.io.InputStream stream) {
            }
        });
        transport.feed(peer.frame(Opcode.BINARY, true, new byte[] {1}));
        assertEquals("error IllegalArgumentException", endpoint.next());
        assertTrue(session.isOpen());
    }

    @Test
    void reassemblesAFragmentedBinaryMessageWhole() throws Exception {
        WsSession session = openServer();
        BlockingQueue<String> binaries = new LinkedBlockingQueue<>();
        session.register(new dev.wsengine.endpoint.BinarySink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.WHOLE;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                binaries.add(StandardCharsets.UTF_8.decode(data).toString());
            }

            @Override
            public void onStream(java.io.InputStream stream) {
            }
        });
        transport.feed(peer.frame(Opcode.BINARY, false, "ab".getBytes(StandardCharsets.UTF_8)));
        transport.feed(peer.frame(Opcode.CONTINUATION, false, "cd".getBytes(StandardCharsets.UTF_8)));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, "ef".getBytes(StandardCharsets.UTF_8)));
        assertEquals("abcdef", binaries.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void onCloseOfAPeerCloseCanStillSendBeforeOurAnswer() throws Exception {
        RecordingEndpoint sending = new RecordingEndpoint() {
            @Override
            public void onClose(jakarta.websocket.Session s, CloseReason reason) {
                try {
                    s.getBasicRemote().sendText("last words");
                } catch (IOException e) {
                    events.add("send failed " + e);
                }
                super.onClose(s, reason);
            }
        };
        peer = new WirePeer(false);
        WsSession session = new WsSession(SessionSpec.builder()
                .container(mock(WebSocketContainer.class)).endpoint(sending)
                .config(ClientEndpointConfig.Builder.create().build()).client(false)
                .requestUri(URI.create("ws://localhost/test")).openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler).executor(executor).build());
        transport.open(session);
        assertEquals("open", sending.next());
        transport.feed(peer.close(1000, ""));
        assertEquals("close 1000 ", sending.next());
        List<WirePeer.Frame> frames = written();
        assertEquals(List.of(Opcode.TEXT, Opcode.CLOSE), frames.stream().map(WirePeer.Frame::opcode).toList());
        assertEquals("last words", frames.get(0).text());
    }

    @Test
    void batchedSendsReturnOnceQueuedAndGoOutWithFlushBatch() throws Exception {
        WsSession session = openServer();
        session.getBasicRemote().setBatchingAllowed(true);
        session.getBasicRemote().sendText("one");
        session.getBasicRemote().sendText("two");
        assertTrue(written().isEmpty(), "held back while batching");
        session.getBasicRemote().flushBatch();
        assertEquals(List.of("one", "two"), written().stream().map(WirePeer.Frame::text).toList());
    }

    @Test
    void userPropertiesStartAsTheConfigurationsAndAreTheSessionsOwn() throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
        config.getUserProperties().put("deployed", "yes");
        WsSession session = open(false, b -> b.config(config));
        assertEquals(Map.of("deployed", "yes"), session.getUserProperties());
        session.getUserProperties().put("mine", null);
        assertTrue(session.getUserProperties().containsKey("mine"));
        assertFalse(config.getUserProperties().containsKey("mine"));
    }

    @Test
    void userPropertiesOfAnEndpointWithoutAnyAreEmptyAndKept() throws Exception {
        WsSession session = openServer();
        Map<String, Object> properties = session.getUserProperties();
        assertTrue(properties.isEmpty());
        properties.put("room", "lobby");
        assertSame(properties, session.getUserProperties());
        assertEquals("lobby", session.getUserProperties().get("room"));
    }

    @Test
    void idsAreOneStringForTheSessionsLifeAndDistinct() throws Exception {
        WsSession first = openServer();
        assertSame(first.getId(), first.getId());
        WsSession second = new WsSession(SessionSpec.builder()
                .container(mock(WebSocketContainer.class))
                .endpoint(new RecordingEndpoint())
                .config(ClientEndpointConfig.Builder.create().build())
                .requestUri(URI.create("ws://localhost/test"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler)
                .executor(executor)
                .build());
        assertFalse(first.getId().equals(second.getId()));
    }
}
