package dev.wsengine.session;

import dev.wsengine.settings.PeerLimits;
import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.framing.Opcode;
import dev.wsengine.testsupport.InMemoryTransport;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

/**
 * Reader and InputStream messages: handed to the application at their first frame, read while
 * the rest arrives, with the connection's reading stopped while the reader is a window behind,
 * and the next message held back until the method has returned.
 */
class StreamedMessagesTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final InMemoryTransport transport = new InMemoryTransport();
    private final RecordingEndpoint endpoint = new RecordingEndpoint();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> results = new LinkedBlockingQueue<>();
    private final WirePeer peer = new WirePeer(false);
    private WsSession session;

    @FunctionalInterface
    interface Body<T> {
        Object read(T stream) throws Exception;
    }

    @AfterEach
    void stopThreads() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private WsSession open(DeflateAgreement deflate, int maxMessage) throws Exception {
        session = new WsSession(SessionSpec.builder()
                .container(mock(WebSocketContainer.class))
                .endpoint(endpoint)
                .config(ClientEndpointConfig.Builder.create().build())
                .client(false)
                .requestUri(URI.create("ws://localhost/test"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(scheduler)
                .executor(executor)
                .maxTextMessageBufferSize(maxMessage)
                .maxBinaryMessageBufferSize(maxMessage)
                .deflate(deflate)
                .extensions(deflate == null ? List.of() : List.of(deflate.extension()))
                // The compressed test message is a bomb's shape on purpose (megabytes from one
                // read); the ratio limit would refuse it, and it is not what these tests are about.
                .peerLimits(PeerLimits.builder().maxInflationRatio(0).build())
                .build());
        transport.open(session);
        assertEquals("open", endpoint.next());
        session.register(new WholeTextSink(texts::add));
        return session;
    }

    /** A binary sink whose method runs {@code body} and puts what it returns (or throws) in {@link #results}. */
    private void streamBinary(Body<InputStream> body) {
        session.register(new BinarySink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.STREAM;
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                throw new AssertionError("not a whole-message sink");
            }

            @Override
            public void onStream(InputStream stream) throws Exception {
                record(() -> body.read(stream));
            }
        });
    }

    /** A text-stream sink replacing the whole-text one. */
    private void streamText(Body<Reader> body) {
        session.removeMessageHandler(null); // the whole-text sink has no handler: swap it by hand
        session.register(new TextSink() {
            @Override
            public DeliveryMode mode() {
                return DeliveryMode.STREAM;
            }

            @Override
            public void onText(String text, boolean last) {
                throw new AssertionError("not a whole-message sink");
            }

            @Override
            public void onReader(Reader reader) throws Exception {
                record(() -> body.read(reader));
            }
        });
    }

    private void record(java.util.concurrent.Callable<Object> body) throws Exception {
        try {
            results.add(body.call());
        } catch (Exception e) {
            results.add(e);
            throw e;
        }
    }

    private Object result() throws InterruptedException {
        Object r = results.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("The stream method did not finish within 10 s");
        }
        return r;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void theStreamIsReadBeforeTheMessageHasEnded() throws Exception {
        open(null, 1 << 20);
        BlockingQueue<Integer> firstBytes = new LinkedBlockingQueue<>();
        streamBinary(in -> {
            firstBytes.add(in.read());
            return in.readAllBytes().length;
        });
        transport.feed(peer.frame(Opcode.BINARY, false, new byte[] {42, 1, 2}));
        // The last frame has not been sent: the method got the first byte from the first frame alone.
        assertEquals(42, firstBytes.poll(10, TimeUnit.SECONDS));
        assertTrue(results.isEmpty());
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[] {3, 4}));
        assertEquals(4, result());
    }

    @Test
    void aReaderBehindByAWindowStopsReadingTheConnectionAndHoldsNoMore() throws Exception {
        open(null, 4 << 20);
        CountDownLatch go = new CountDownLatch(1);
        streamBinary(in -> {
            go.await();
            CRC32 crc = new CRC32();
            byte[] buf = new byte[4096];
            int n;
            long total = 0;
            while ((n = in.read(buf)) >= 0) {
                crc.update(buf, 0, n);
                total += n;
            }
            return total + ":" + crc.getValue();
        });
        int frameSize = 8 * 1024;
        byte[] all = bytes(3 << 20, 7);
        int at = 0;
        int held = 0;
        // Feed until the session asks us to stop: it must do so within a window of what its reader has not taken.
        while (!transport.readingSuspended()) {
            boolean first = at == 0;
            transport.feed(peer.frame(first ? Opcode.BINARY : Opcode.CONTINUATION, false,
                    Arrays.copyOfRange(all, at, at + frameSize)));
            at += frameSize;
            held = (int) session.heldInboundBytes();
            assertTrue(at <= StreamedMessage.WINDOW + 2 * frameSize, "still reading after " + at + " bytes");
        }
        assertTrue(held >= StreamedMessage.WINDOW && held <= StreamedMessage.WINDOW + frameSize, "held " + held);
        go.countDown();
        // Each time the reader catches up, reading resumes; the test sends on only then, as TCP would.
        while (at < all.length) {
            waitUntil(() -> !transport.readingSuspended());
            int n = Math.min(frameSize, all.length - at);
            transport.feed(peer.frame(Opcode.CONTINUATION, at + n == all.length, Arrays.copyOfRange(all, at, at + n)));
            at += n;
            assertTrue(session.heldInboundBytes() <= StreamedMessage.WINDOW + frameSize + 16,
                    "held " + session.heldInboundBytes());
        }
        CRC32 crc = new CRC32();
        crc.update(all);
        assertEquals(all.length + ":" + crc.getValue(), result());
    }

    @Test
    void theNextMessageWaitsUntilTheStreamMethodHasReturned() throws Exception {
        open(null, 1 << 20);
        CountDownLatch go = new CountDownLatch(1);
        streamBinary(in -> {
            byte[] b = in.readAllBytes();
            go.await();
            return b.length;
        });
        byte[] both = concat(peer.frame(Opcode.BINARY, true, new byte[10]), peer.text("after"),
                peer.close(1000, "bye"));
        transport.feed(both); // parsed on this thread: what it delivers inline has been delivered on return
        assertTrue(texts.isEmpty(), "the next message overtook the stream method");
        assertTrue(transport.readingSuspended());
        assertTrue(session.isOpen(), "the Close overtook the stream method");
        go.countDown();
        assertEquals(10, result());
        assertEquals("after", texts.poll(10, TimeUnit.SECONDS));
        assertEquals("close 1000 bye", endpoint.next());
        assertEquals(1000, transport.closeCodeSent());
    }

    @Test
    void aStreamClosedEarlyDropsTheRestAndLaterMessagesArrive() throws Exception {
        open(null, 1 << 20);
        streamBinary(in -> {
            int first = in.read();
            in.close();
            return first;
        });
        transport.feed(peer.frame(Opcode.BINARY, false, new byte[] {5, 6}));
        assertEquals(5, result());
        for (int i = 0; i < 40; i++) {
            transport.feed(peer.frame(Opcode.CONTINUATION, false, new byte[8192]));
        }
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[1]));
        transport.feed(peer.text("next"));
        assertEquals("next", texts.poll(10, TimeUnit.SECONDS));
        assertEquals(0, session.heldInboundBytes());
    }

    @Test
    void aReaderGetsTextWhoseCharactersAreSplitAcrossFrames() throws Exception {
        open(null, 1 << 20);
        streamText(r -> {
            StringWriter all = new StringWriter();
            r.transferTo(all);
            return all.toString();
        });
        String text = "h\u00e9llo w\u00f6rld \u20ac \uD83D\uDE00!";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // Cut inside the two-byte \u00e9, the three-byte euro sign and the four-byte emoji.
        int[] cuts = {0, 2, 16, 20, utf8.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            transport.feed(peer.frame(i == 0 ? Opcode.TEXT : Opcode.CONTINUATION, i + 2 == cuts.length,
                    Arrays.copyOfRange(utf8, cuts[i], cuts[i + 1])));
        }
        assertEquals(text, result());
    }

    @Test
    void invalidUtf8InAStreamedTextFailsWith1007AndTheReaderThrows() throws Exception {
        open(null, 1 << 20);
        streamText(r -> r.read() + "," + r.read());
        transport.feed(peer.frame(Opcode.TEXT, false, "ok".getBytes(StandardCharsets.UTF_8)));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[] {(byte) 0xC3, 0x28}));
        Object r = result();
        // The reader gives what came before the bad byte, or throws once the connection failed.
        if (r instanceof IOException e) {
            assertTrue(e.getMessage().contains("1007"), e.getMessage());
        } else {
            assertEquals("111,107", r);
        }
        assertEquals(1007, transport.closeCodeSent());
    }

    @Test
    void theReaderThrowsOnInvalidUtf8WhenItReadsPastTheGoodText() throws Exception {
        open(null, 1 << 20);
        CountDownLatch go = new CountDownLatch(1);
        streamText(r -> {
            go.await();
            StringWriter all = new StringWriter();
            r.transferTo(all);
            return all.toString();
        });
        transport.feed(peer.frame(Opcode.TEXT, false, "ok".getBytes(StandardCharsets.UTF_8)));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[] {(byte) 0xC3, 0x28}));
        assertEquals(1007, transport.closeCodeSent());
        go.countDown();
        IOException e = (IOException) result();
        assertTrue(e.getMessage().contains("1007"), e.getMessage());
        awaitEvent("error IOException");
    }

    /** Skips the endpoint's other events until {@code event}. */
    private void awaitEvent(String event) throws InterruptedException {
        while (!endpoint.next().equals(event)) {
            // an earlier event
        }
    }

    @Test
    void aStreamedMessagePastTheLimitFailsWith1009AndTheStreamThrows() throws Exception {
        open(null, 100);
        streamBinary(InputStream::readAllBytes);
        transport.feed(peer.frame(Opcode.BINARY, false, new byte[60]));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[60]));
        assertEquals(1009, transport.closeCodeSent());
        assertTrue(result() instanceof IOException);
    }

    @Test
    void aConnectionLostMidStreamMakesTheStreamThrowAndOnCloseRunsOnce() throws Exception {
        open(null, 1 << 20);
        streamBinary(InputStream::readAllBytes);
        transport.feed(peer.frame(Opcode.BINARY, false, new byte[100]));
        transport.drop();
        assertTrue(result() instanceof IOException);
        List<String> events = List.of(endpoint.next(), endpoint.next());
        assertTrue(events.contains("close 1006 Connection closed without a Close frame"), events.toString());
        assertTrue(events.contains("error IOException"), events.toString());
        assertNull(endpoint.events.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aPeerCloseInTheMiddleOfAStreamedMessageMakesTheStreamThrow() throws Exception {
        open(null, 1 << 20);
        streamBinary(InputStream::readAllBytes);
        transport.feed(concat(peer.frame(Opcode.BINARY, false, new byte[100]), peer.close(1000, "")));
        assertTrue(result() instanceof IOException);
        assertEquals(1000, transport.closeCodeSent());
    }

    @Test
    void whatTheStreamMethodThrowsGoesToOnErrorAndTheSessionStaysOpen() throws Exception {
        open(null, 1 << 20);
        streamBinary(in -> {
            throw new IllegalArgumentException("boom");
        });
        transport.feed(peer.frame(Opcode.BINARY, false, new byte[3]));
        transport.feed(peer.frame(Opcode.CONTINUATION, true, new byte[3]));
        assertEquals("error IllegalArgumentException", endpoint.next());
        transport.feed(peer.text("still here"));
        assertEquals("still here", texts.poll(10, TimeUnit.SECONDS));
        assertTrue(session.isOpen());
    }

    @Test
    void aCompressedMessageStreamsItsInflatedBytes() throws Exception {
        DeflateAgreement agreement = PerMessageDeflate.withDefaults().accept(DeflateParameters.none().toExtension());
        open(agreement, 8 << 20);
        CountDownLatch go = new CountDownLatch(1);
        streamBinary(in -> {
            go.await();
            CRC32 crc = new CRC32();
            byte[] buf = new byte[1000];
            int n;
            while ((n = in.read(buf)) >= 0) {
                crc.update(buf, 0, n);
            }
            return crc.getValue();
        });
        // 4 MiB of one repeated pattern compresses to a few KiB: the inflated bytes, not the
        // received ones, are what must stay within the window.
        byte[] plain = new byte[4 << 20];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i % 7);
        }
        byte[] compressed = deflate(plain);
        int half = compressed.length / 2;
        // The first half inflates to megabytes at once: the read path itself waits for the reader,
        // so it is fed from a thread of its own, as a transport would.
        Thread feeder = new Thread(() -> transport.feed(
                peer.frame(Opcode.BINARY, false, 0b100, Arrays.copyOfRange(compressed, 0, half))));
        feeder.start();
        waitUntil(() -> session.heldInboundBytes() >= StreamedMessage.HARD_LIMIT);
        assertTrue(feeder.isAlive(), "the read path went on past the hard limit");
        assertTrue(session.heldInboundBytes() <= StreamedMessage.HARD_LIMIT + 8192, "held " + session.heldInboundBytes());
        go.countDown();
        feeder.join(10_000);
        assertFalse(feeder.isAlive());
        waitUntil(() -> !transport.readingSuspended());
        transport.feed(peer.frame(Opcode.CONTINUATION, true, Arrays.copyOfRange(compressed, half, compressed.length)));
        CRC32 crc = new CRC32();
        crc.update(plain);
        assertEquals(crc.getValue(), result());
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Waits for something another thread does (not a timing assertion: it fails only after 10 s). */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(1);
        }
    }
}
