package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.InMemoryTransport;
import dev.wsengine.transport.WriteCallback;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

/**
 * permessage-deflate on a session (RFC 7692): what arrives compressed is inflated before UTF-8
 * checks and size limits, what we send is compressed with RSV1 on the first frame only. The peer
 * compresses and inflates with the JDK's zlib directly, not with our extension classes.
 */
class CompressedMessagesTest {

    private static final int RSV1 = 0b100;
    /** RFC 7692 section 7.2.3.1: "Hello" compressed, the tail removed. */
    private static final byte[] HELLO = hex("f2 48 cd c9 c9 07 00");
    /** Section 7.2.3.2: the second "Hello" of a connection with context takeover. */
    private static final byte[] HELLO_AGAIN = hex("f2 00 11 00 00");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final InMemoryTransport transport = new InMemoryTransport();
    private final RecordingEndpoint endpoint = new RecordingEndpoint();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final WirePeer peer = new WirePeer(false);
    private WsSession session;

    @AfterEach
    void stopThreads() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    /** A server session that agreed to the given client offer. */
    private WsSession open(DeflateParameters offer) throws Exception {
        return open(offer, b -> { });
    }

    private WsSession open(DeflateParameters offer, java.util.function.Consumer<SessionSpec.Builder> settings)
            throws Exception {
        DeflateAgreement agreement = offer == null ? null : PerMessageDeflate.withDefaults().accept(offer.toExtension());
        SessionSpec.Builder builder = SessionSpec.builder()
                .container(mock(WebSocketContainer.class))
                .endpoint(endpoint)
                .config(ClientEndpointConfig.Builder.create().build())
                .client(false)
                .requestUri(URI.create("ws://localhost/test"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler)
                .executor(executor)
                .extensions(agreement == null ? List.of() : List.of(agreement.extension()))
                .deflate(agreement);
        settings.accept(builder);
        session = new WsSession(builder.build());
        transport.open(session);
        assertEquals("open", endpoint.next());
        session.register(textSink());
        session.register(binarySink());
        return session;
    }

    private WsSession openWithDeflate() throws Exception {
        return open(DeflateParameters.none());
    }

    @Test
    void inflatesTheRfcExampleOfACompressedTextMessage() throws Exception {
        openWithDeflate();
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, HELLO));
        assertEquals("Hello", texts.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void inflatesACompressedMessageSplitOverFragments() throws Exception {
        openWithDeflate();
        // Section 7.2.3.1: the compressed bytes of one message may be split anywhere.
        transport.feed(peer.frame(Opcode.TEXT, false, RSV1, Arrays.copyOfRange(HELLO, 0, 3)));
        transport.feed(peer.frame(Opcode.PING, true, new byte[] {7}));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, 0, Arrays.copyOfRange(HELLO, 3, HELLO.length)));
        assertEquals("Hello", texts.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void keepsThePeersContextAcrossMessages() throws Exception {
        openWithDeflate();
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, HELLO));
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, HELLO_AGAIN));
        assertEquals("Hello", texts.poll(5, TimeUnit.SECONDS));
        assertEquals("Hello", texts.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void refusesAMessageInflatingBeyondTheRatioWith1009() throws Exception {
        open(DeflateParameters.none(), b -> b.maxBinaryMessageBufferSize(8 << 20));
        byte[] zeros = new byte[2 << 20];
        byte[] compressed = peerDeflater().compress(zeros);
        assertTrue(compressed.length * 200L < zeros.length, "a bomb's ratio: " + compressed.length);
        transport.feed(peer.frame(Opcode.BINARY, true, RSV1, compressed));
        assertEquals("error ProtocolViolation", endpoint.next());
        String close = endpoint.next();
        assertTrue(close.startsWith("close 1009 ") && close.contains("maxInflationRatio"), close);
        assertEquals(1009, transport.closeCodeSent());
        assertNull(binaries.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void neverRefusesAMessageBelowTheRatioFloorOrWithTheCheckOff() throws Exception {
        open(DeflateParameters.none(), b -> b.maxBinaryMessageBufferSize(8 << 20)
                .peerLimits(PeerLimits.builder().maxInflationRatio(0).build()));
        byte[] zeros = new byte[2 << 20];
        transport.feed(peer.frame(Opcode.BINARY, true, RSV1, peerDeflater().compress(zeros)));
        assertEquals(zeros.length, binaries.poll(5, TimeUnit.SECONDS).length);
        byte[] belowFloor = new byte[(int) PeerLimits.INFLATION_RATIO_FLOOR_BYTES];
        transport.feed(peer.frame(Opcode.BINARY, true, RSV1, peerDeflater().compress(belowFloor)));
        assertEquals(belowFloor.length, binaries.poll(5, TimeUnit.SECONDS).length);
    }

    @Test
    void mixesCompressedAndUncompressedMessages() throws Exception {
        openWithDeflate();
        byte[] binary = {1, 2, 3};
        transport.feed(peer.frame(Opcode.BINARY, true, 0, binary));
        transport.feed(peer.frame(Opcode.BINARY, true, RSV1, peerDeflater().compress(binary)));
        assertArrayEquals(binary, binaries.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(binary, binaries.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void sendsCompressedMessagesWithRsv1AndKeepsItsContext() throws Exception {
        openWithDeflate();
        String text = "price update: ACME 123.45; ".repeat(20);
        session.getBasicRemote().sendText(text);
        session.getBasicRemote().sendText(text);
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertEquals(2, frames.size());
        PeerInflater inflater = new PeerInflater();
        for (WirePeer.Frame frame : frames) {
            assertEquals(Opcode.TEXT, frame.opcode());
            assertEquals(RSV1, frame.rsv());
            assertTrue(frame.payload().length < text.length() / 4, "compressed: " + frame.payload().length);
            assertEquals(text, new String(inflater.inflate(frame.payload()), StandardCharsets.UTF_8));
        }
        assertTrue(frames.get(1).payload().length < frames.get(0).payload().length,
                "the second message refers back to the first");
    }

    @Test
    void withServerNoContextTakeoverEveryMessageStartsAfresh() throws Exception {
        open(DeflateParameters.none().withServerNoContextTakeover(true));
        String text = "price update: ACME 123.45; ".repeat(20);
        session.getBasicRemote().sendText(text);
        session.getBasicRemote().sendText(text);
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertArrayEquals(frames.get(0).payload(), frames.get(1).payload());
        for (WirePeer.Frame frame : frames) {
            assertEquals(text, new String(new PeerInflater().inflate(frame.payload()), StandardCharsets.UTF_8));
        }
        assertFalse(session.holdsZlibState(), "no context to keep between messages");
    }

    @Test
    void sendsMessagesBelowTheThresholdUncompressed() throws Exception {
        openWithDeflate();
        session.getBasicRemote().sendText("hi");
        WirePeer.Frame frame = peer.read(transport.takeWritten()).get(0);
        assertEquals(0, frame.rsv());
        assertEquals("hi", frame.text());
    }

    @Test
    void compressesAMessageSentInPartsWithRsv1OnTheFirstFrameOnly() throws Exception {
        openWithDeflate();
        session.getBasicRemote().sendText("Hello, ", false);
        session.getBasicRemote().sendText("world", true);
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertEquals(2, frames.size());
        assertEquals(Opcode.TEXT, frames.get(0).opcode());
        assertEquals(RSV1, frames.get(0).rsv());
        assertFalse(frames.get(0).fin());
        assertEquals(Opcode.CONTINUATION, frames.get(1).opcode());
        assertEquals(0, frames.get(1).rsv());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(frames.get(0).payload());
        whole.write(frames.get(1).payload());
        assertEquals("Hello, world", new String(new PeerInflater().inflate(whole.toByteArray()), StandardCharsets.UTF_8));
    }

    // ---- server_max_window_bits below 15 (RFC 7692 section 7.1.2.1) -----------------------------

    /** ASCII text of exactly {@code length} bytes that compresses well. */
    private static String text(int length) {
        return "price update: ACME 123.45; ".repeat(length / 27 + 1).substring(0, length);
    }

    @Test
    void withASmallServerWindowCompressesOnlyMessagesThatFitIt() throws Exception {
        open(DeflateParameters.none().withServerMaxWindowBits(10));
        assertEquals("server_max_window_bits", session.getNegotiatedExtensions().get(0).getParameters().get(0).getName());
        assertEquals("10", session.getNegotiatedExtensions().get(0).getParameters().get(0).getValue());
        String fits = text(1024);
        String tooLong = text(1025);
        session.getBasicRemote().sendText(fits);
        session.getBasicRemote().sendText(tooLong);
        session.getBasicRemote().sendText(fits);
        session.getBasicRemote().sendText("hi");
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertEquals(4, frames.size());
        assertEquals(RSV1, frames.get(0).rsv());
        assertEquals(0, frames.get(1).rsv(), "2^10 + 1 bytes: sent uncompressed");
        assertEquals(tooLong, frames.get(1).text());
        assertEquals(RSV1, frames.get(2).rsv());
        assertEquals(0, frames.get(3).rsv(), "below the 32-byte threshold");
        // The compressor starts afresh for every message: equal messages compress equally, and
        // each inflates with a fresh inflater (no reference to earlier messages).
        assertArrayEquals(frames.get(0).payload(), frames.get(2).payload());
        assertEquals(fits, new String(new PeerInflater().inflate(frames.get(0).payload()), StandardCharsets.UTF_8));
        assertEquals(fits, new String(new PeerInflater().inflate(frames.get(2).payload()), StandardCharsets.UTF_8));
        assertTrue(session.holdsZlibState(), "zlib is reset between messages, not made anew");
    }

    @Test
    void withASmallServerWindowAPeerKeepingItsContextStillInflatesEverything() throws Exception {
        // The client did not get server_no_context_takeover and may keep one inflater throughout.
        open(DeflateParameters.none().withServerMaxWindowBits(8));
        List<String> sent = new java.util.ArrayList<>();
        for (int length : new int[] {256, 40, 300, 256, 255}) {
            sent.add(text(length));
            session.getBasicRemote().sendText(text(length));
        }
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertEquals(sent.size(), frames.size());
        PeerInflater kept = new PeerInflater();
        for (int i = 0; i < frames.size(); i++) {
            WirePeer.Frame frame = frames.get(i);
            String expected = sent.get(i);
            String got = frame.rsv() == RSV1 ? new String(kept.inflate(frame.payload()), StandardCharsets.UTF_8) : frame.text();
            assertEquals(expected, got);
            assertEquals(expected.length() <= 256, frame.rsv() == RSV1, "compressed iff it fits 2^8 bytes: " + expected.length());
        }
    }

    @Test
    void withASmallServerWindowAMessageSentInPartsGoesUncompressed() throws Exception {
        open(DeflateParameters.none().withServerMaxWindowBits(12));
        // Its length is unknown when the first frame leaves, however short it turns out.
        session.getBasicRemote().sendText("Hello, ", false);
        session.getBasicRemote().sendText("world", true);
        // A single part that ends the message has a known length: compressed if it fits.
        session.getBasicRemote().sendText(text(4096), true);
        session.getBasicRemote().sendText(text(4097), true);
        List<WirePeer.Frame> frames = peer.read(transport.takeWritten());
        assertEquals(4, frames.size());
        assertEquals(0, frames.get(0).rsv());
        assertEquals(0, frames.get(1).rsv());
        assertEquals("Hello, world", frames.get(0).text() + frames.get(1).text());
        assertEquals(RSV1, frames.get(2).rsv());
        assertEquals(text(4096), new String(new PeerInflater().inflate(frames.get(2).payload()), StandardCharsets.UTF_8));
        assertEquals(0, frames.get(3).rsv());
        assertEquals(text(4097), frames.get(3).text());
    }

    @Test
    void neverCompressesControlFrames() throws Exception {
        openWithDeflate();
        session.getBasicRemote().sendPing(ByteBuffer.wrap("a ping payload long enough to compress well".getBytes()));
        WirePeer.Frame frame = peer.read(transport.takeWritten()).get(0);
        assertEquals(Opcode.PING, frame.opcode());
        assertEquals(0, frame.rsv());
    }

    @Test
    void rsv1OnAContinuationFrameFailsWith1002() throws Exception {
        openWithDeflate();
        transport.feed(peer.frame(Opcode.TEXT, false, RSV1, Arrays.copyOfRange(HELLO, 0, 3)));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, RSV1, Arrays.copyOfRange(HELLO, 3, HELLO.length)));
        assertFailedWith(1002);
    }

    @Test
    void rsv1WithoutNegotiatedDeflateFailsWith1002() throws Exception {
        open(null);
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, HELLO));
        assertFailedWith(1002);
    }

    @Test
    void invalidDeflateDataFailsWith1007() throws Exception {
        openWithDeflate();
        // BTYPE 11 is reserved: no valid DEFLATE stream starts with 0xFF.
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, new byte[] {(byte) 0xff, (byte) 0xff, 0x00}));
        assertFailedWith(1007);
    }

    @Test
    void invalidUtf8InsideACompressedMessageFailsWith1007() throws Exception {
        openWithDeflate();
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, peerDeflater().compress(new byte[] {'o', 'k', (byte) 0xC0, (byte) 0xAF})));
        assertFailedWith(1007);
    }

    @Test
    void aSmallFrameThatInflatesPastTheLimitFailsWith1009() throws Exception {
        openWithDeflate().setMaxTextMessageBufferSize(64 * 1024);
        byte[] bomb = peerDeflater().compress(new byte[16 * 1024 * 1024]);
        assertTrue(bomb.length < 20_000, "16 MiB of zeros compress to " + bomb.length + " bytes");
        transport.feed(peer.frame(Opcode.BINARY, true, RSV1, bomb));
        assertFailedWith(1009);
        assertNull(binaries.poll());
    }

    @Test
    void releasesZlibStateWhenTheSessionCloses() throws Exception {
        openWithDeflate();
        transport.feed(peer.frame(Opcode.TEXT, true, RSV1, HELLO));
        assertEquals("Hello", texts.poll(5, TimeUnit.SECONDS));
        session.getBasicRemote().sendText("long enough to be compressed, long enough to be compressed");
        assertTrue(session.holdsZlibState(), "context takeover keeps zlib state between messages");
        transport.drop();
        assertTrue(endpoint.next().startsWith("close 1006"));
        assertFalse(session.holdsZlibState());
    }

    @Test
    void aSendRacingTheCloseFailsInsteadOfUsingTheReleasedCompressor() throws Exception {
        DeflateAgreement agreement = PerMessageDeflate.withDefaults().accept(DeflateParameters.none().toExtension());
        MessageSender sender = new MessageSender(new FrameFlusher(SendLimits.defaults(), FrameBufferPool.shared(), high -> { }),
                new FrameEncoder(false, FrameBufferPool.shared()), agreement);
        sender.release();
        BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        sender.sendText("long enough to be compressed, long enough to be compressed", new WriteCallback() {
            @Override
            public void completed() {
                failures.add(new AssertionError("completed"));
            }

            @Override
            public void failed(Throwable cause) {
                failures.add(cause);
            }
        });
        Throwable failure = failures.poll(5, TimeUnit.SECONDS);
        assertTrue(failure instanceof java.io.IOException, String.valueOf(failure));
        assertFalse(sender.holdsZlibState());
    }

    private void assertFailedWith(int code) throws InterruptedException {
        assertEquals("error ProtocolViolation", endpoint.next());
        String close = endpoint.next();
        assertTrue(close.startsWith("close " + code + " "), close);
        WirePeer.Frame sent = peer.read(transport.takeWritten()).get(0);
        assertEquals(Opcode.CLOSE, sent.opcode());
        assertEquals(code, sent.closeCode());
        assertFalse(session.holdsZlibState(), "zlib state released on failure");
    }

    private TextSink textSink() {
        return new WholeTextSink(texts::add);
    }

    private BinarySink binarySink() {
        return new BinarySink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.WHOLE;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                binaries.add(b);
            }

            @Override
            public void onStream(InputStream stream) {
                throw new AssertionError("not a stream sink");
            }
        };
    }

    /** The peer's compressor: raw DEFLATE, SYNC_FLUSH, the 00 00 ff ff tail removed (section 7.2.1). */
    private static final class PeerDeflater {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

        byte[] compress(byte[] data) {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        }
    }

    private static PeerDeflater peerDeflater() {
        return new PeerDeflater();
    }

    /** The peer's decompressor, keeping its window across messages (section 7.2.2). */
    private static final class PeerInflater {
        private final Inflater inflater = new Inflater(true);

        byte[] inflate(byte[] message) throws Exception {
            byte[] withTail = Arrays.copyOf(message, message.length + 4);
            withTail[message.length + 2] = (byte) 0xff;
            withTail[message.length + 3] = (byte) 0xff;
            inflater.setInput(withTail);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buf);
                out.write(buf, 0, n);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
            }
            return out.toByteArray();
        }
    }

    private static byte[] hex(String s) {
        String[] parts = s.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    @Test
    void theAgreedExtensionIsWhatTheSessionReports() throws Exception {
        open(DeflateParameters.none().withClientNoContextTakeover(true));
        assertEquals("permessage-deflate", session.getNegotiatedExtensions().get(0).getName());
        assertEquals("client_no_context_takeover",
                session.getNegotiatedExtensions().get(0).getParameters().get(0).getName());
    }
}
