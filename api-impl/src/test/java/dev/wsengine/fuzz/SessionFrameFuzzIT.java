package dev.wsengine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsengine.endpoint.BinarySink;
import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.TextSink;
import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.MessageDeflater;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.framing.CloseCodes;
import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.FrameParser;
import dev.wsengine.framing.FrameWriter;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.ProtocolViolation;
import dev.wsengine.session.SessionSpec;
import dev.wsengine.session.WsSession;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the server's whole read path, as a connection uses it: {@link WsSession#onData} over an
 * in-memory transport, so the frame parser, the permessage-deflate inflation, the message assembly
 * with its size limits and the UTF-8 validation all run, exactly as wired in production.
 * <p>
 * The first input byte picks one of two properties:
 * <ul>
 *   <li>hostile bytes: whatever arrives, {@code onData} never throws, the endpoint's onError only
 *       ever sees a {@link ProtocolViolation} with 1002, 1007 or 1009, no whole message handed to
 *       the application is larger than its limit, and every text is well-formed UTF-16;</li>
 *   <li>round trip: messages built from the input, written as masked client frames with the
 *       engine's {@link FrameWriter} (fragmented, some compressed, Pings in between) and fed in
 *       arbitrary pieces, arrive as exactly those messages, and every Ping is answered.</li>
 * </ul>
 */
class SessionFrameFuzzIT {

    private static final Set<Integer> VIOLATION_CODES =
            Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_PAYLOAD, CloseCodes.TOO_BIG);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuzz-scheduler");
        t.setDaemon(true);
        return t;
    });
    /** Runs streamed messages' methods, which block reading while the fuzzer feeds the frames. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-stream-reader");
        t.setDaemon(true);
        return t;
    });
    private static final WebSocketContainer CONTAINER = (WebSocketContainer) Proxy.newProxyInstance(
            SessionFrameFuzzIT.class.getClassLoader(), new Class<?>[] {WebSocketContainer.class},
            (proxy, method, args) -> null);
    private static final ServerEndpointConfig CONFIG =
            ServerEndpointConfig.Builder.create(Endpoint.class, "/fuzz").build();

    @FuzzTest(maxDuration = "12s")
    void serverSessionReadPath(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            hostileBytes(data);
        } else {
            roundTrip(data);
        }
    }

    private static void hostileBytes(FuzzedDataProvider data) {
        boolean deflate = data.consumeBoolean();
        int textLimit = data.consumeInt(0, 4096);
        int binaryLimit = data.consumeInt(0, 4096);
        DeliveryMode textMode = data.pickValue(DeliveryMode.values());
        DeliveryMode binaryMode = data.pickValue(DeliveryMode.values());
        int[] pieces = new int[data.consumeInt(1, 6)];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = data.consumeInt(1, 600);
        }
        byte[] wire = data.consumeRemainingAsBytes();

        Recorder endpoint = new Recorder();
        LoopbackTransport transport = new LoopbackTransport();
        WsSession session = open(endpoint, transport, deflate, textLimit, binaryLimit);
        session.register(new CheckingTextSink(textMode, textLimit, endpoint.messages));
        session.register(new CheckingBinarySink(binaryMode, binaryLimit, endpoint.messages));
        try {
            feed(transport, wire, pieces);
            // A streamed message the input left unfinished ends only with the connection.
            transport.close(true);
            endpoint.threads.awaitIdle();
            for (Throwable error : List.copyOf(endpoint.errors)) {
                if (error instanceof AssertionError assertion) {
                    throw assertion; // a sink's check failed: the session must not hand that on
                }
                if (error instanceof IOException && (textMode == DeliveryMode.STREAM || binaryMode == DeliveryMode.STREAM)) {
                    continue; // a stream's method learns that its message was cut off by a violation or the close
                }
                if (!(error instanceof ProtocolViolation violation)) {
                    throw new AssertionError("onError got something other than a ProtocolViolation", error);
                }
                assertTrue(VIOLATION_CODES.contains(violation.closeCode()),
                        "close code " + violation.closeCode() + " for " + violation.getMessage());
            }
            // Checked when reported: with streams, a violation may be parsed after the feeding returned.
            assertFalse(endpoint.openAtViolation, "a violation must end the session");
        } finally {
            transport.close(true);
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        boolean deflate = data.consumeBoolean();
        Recorder endpoint = new Recorder();
        LoopbackTransport transport = new LoopbackTransport();
        WsSession session = open(endpoint, transport, deflate, 1 << 20, 1 << 20);
        DeliveryMode textMode = data.consumeBoolean() ? DeliveryMode.STREAM : DeliveryMode.WHOLE;
        DeliveryMode binaryMode = data.consumeBoolean() ? DeliveryMode.STREAM : DeliveryMode.WHOLE;
        session.register(new CheckingTextSink(textMode, 1 << 20, endpoint.messages));
        session.register(new CheckingBinarySink(binaryMode, 1 << 20, endpoint.messages));
        try {
            FrameWriter writer = FrameWriter.forClient();
            MessageDeflater deflater = deflate
                    ? new MessageDeflater(true, data.consumeInt(0, 9), 64) : null;
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            List<Object> expected = new ArrayList<>();
            List<byte[]> pings = new ArrayList<>();
            int messages = data.consumeInt(1, 6);
            for (int m = 0; m < messages && data.remainingBytes() > 0; m++) {
                boolean text = data.consumeBoolean();
                byte[] payload = text
                        ? data.consumeString(400).getBytes(StandardCharsets.UTF_8)
                        : data.consumeBytes(400);
                expected.add(text ? new String(payload, StandardCharsets.UTF_8) : payload);
                boolean compress = deflater != null && data.consumeBoolean();
                byte[] body = payload;
                if (compress) {
                    ByteBuffer out = deflater.deflate(ByteBuffer.wrap(payload), true);
                    body = new byte[out.remaining()];
                    out.get(body);
                }
                int fragment = data.consumeInt(1, 128);
                int pingAfter = data.consumeInt(-1, 3);
                int frame = 0;
                int at = 0;
                do {
                    int n = Math.min(fragment, body.length - at);
                    boolean fin = at + n == body.length;
                    int opcode = frame == 0 ? (text ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION;
                    int rsv = compress && frame == 0 ? 0b100 : 0;
                    append(wire, writer, opcode, fin, rsv, ByteBuffer.wrap(body, at, n));
                    if (frame == pingAfter) {
                        byte[] ping = data.consumeBytes(125);
                        pings.add(ping);
                        append(wire, writer, Opcode.PING, true, 0, ByteBuffer.wrap(ping));
                    }
                    at += n;
                    frame++;
                } while (at < body.length);
            }
            int[] pieces = {data.consumeInt(1, 300), data.consumeInt(1, 300), data.consumeInt(1, 300)};
            feed(transport, wire.toByteArray(), pieces);
            endpoint.threads.awaitIdle(); // streamed messages are read on other threads

            if (!endpoint.errors.isEmpty()) {
                throw new AssertionError("valid frames made an error", endpoint.errors.get(0));
            }
            assertTrue(session.isOpen(), "valid frames closed the session");
            assertEquals(expected.size(), endpoint.messages.size(), "messages received");
            for (int i = 0; i < expected.size(); i++) {
                Object want = expected.get(i);
                Object got = endpoint.messages.get(i);
                if (want instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) got, "binary message " + i);
                } else {
                    assertEquals(want, got, "text message " + i);
                }
            }
            List<byte[]> pongs = pongsIn(transport.written());
            assertEquals(pings.size(), pongs.size(), "every Ping answered");
            for (int i = 0; i < pings.size(); i++) {
                assertArrayEquals(pings.get(i), pongs.get(i), "Pong " + i + " echoes its Ping");
            }
        } finally {
            transport.close(true);
        }
    }

    private static WsSession open(Recorder endpoint, LoopbackTransport transport, boolean deflate,
                                  int textLimit, int binaryLimit) {
        DeflateAgreement agreement = null;
        if (deflate) {
            try {
                agreement = PerMessageDeflate.withDefaults().accept(DeflateParameters.none().toExtension());
            } catch (Exception e) {
                throw new AssertionError("the plainest offer must be accepted", e);
            }
        }
        SessionSpec spec = SessionSpec.builder()
                .container(CONTAINER)
                .endpoint(endpoint)
                .config(CONFIG)
                .client(false)
                .requestUri(URI.create("ws://localhost/fuzz"))
                .openSessions(ConcurrentHashMap.newKeySet())
                .scheduler(SCHEDULER)
                .executor(endpoint.threads)
                .deflate(agreement)
                .extensions(agreement == null ? List.of() : List.of(agreement.extension()))
                .maxTextMessageBufferSize(textLimit)
                .maxBinaryMessageBufferSize(binaryLimit)
                .build();
        WsSession session = new WsSession(spec);
        transport.open(session);
        return session;
    }

    /** Feeds {@code wire} in pieces of the given sizes, in turn, until it is all in or the connection is gone. */
    private static void feed(LoopbackTransport transport, byte[] wire, int[] pieces) {
        int at = 0;
        for (int i = 0; at < wire.length && !transport.isClosed(); i++) {
            int end = Math.min(wire.length, at + pieces[i % pieces.length]);
            transport.feed(wire, at, end);
            at = end;
        }
    }

    private static void append(ByteArrayOutputStream wire, FrameWriter writer, int opcode, boolean fin, int rsv,
                               ByteBuffer payload) {
        ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerLength(payload.remaining(), true) + payload.remaining());
        writer.writeFrame(frame, opcode, fin, rsv, payload);
        wire.write(frame.array(), 0, frame.position());
    }

    /** The Pong payloads among the (unmasked) frames the session wrote. */
    private static List<byte[]> pongsIn(byte[] written) {
        List<byte[]> pongs = new ArrayList<>();
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart,
                                    boolean frameEnd) {
                payload.position(payload.limit());
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
                if (opcode == Opcode.PONG) {
                    byte[] b = new byte[payload.remaining()];
                    payload.get(b);
                    pongs.add(b);
                }
            }
        }, false, Long.MAX_VALUE);
        parser.setAllowedRsv(0b111);
        parser.parse(ByteBuffer.wrap(written));
        return pongs;
    }

    /** True when every surrogate in {@code s} is half of a pair: what a validated UTF-8 decoding gives. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The endpoint: keeps what the session reports. */
    static final class Recorder extends Endpoint {
        final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Object> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        final CountingExecutor threads = new CountingExecutor();
        volatile boolean openAtViolation;
        CloseReason closeReason;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }

        @Override
        public void onError(Session session, Throwable thr) {
            if (thr instanceof ProtocolViolation && session.isOpen()) {
                openAtViolation = true;
            }
            errors.add(thr);
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            this.closeReason = closeReason;
        }
    }

    /** Takes text in any mode, checking each piece against the session's limit and UTF-16 well-formedness. */
    record CheckingTextSink(DeliveryMode mode, int limit, List<Object> received) implements TextSink {
        @Override
        public void onText(String text, boolean last) {
            if (!isWellFormed(text)) {
                fail("ill-formed text handed on");
            }
            if (mode == DeliveryMode.WHOLE) {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > limit) {
                    fail("text message of " + bytes + " bytes past the limit of " + limit);
                }
                received.add(text);
            }
        }

        @Override
        public void onReader(Reader reader) throws IOException {
            StringWriter all = new StringWriter();
            reader.transferTo(all);
            String text = all.toString();
            if (!isWellFormed(text) || text.getBytes(StandardCharsets.UTF_8).length > limit) {
                fail("streamed text ill-formed or past the limit of " + limit);
            }
            received.add(text);
        }
    }

    /** Takes binary messages in any mode, checking whole ones against the session's limit. */
    record CheckingBinarySink(DeliveryMode mode, int limit, List<Object> received) implements BinarySink {
        @Override
        public void onBinary(ByteBuffer data, boolean last) {
            if (mode == DeliveryMode.WHOLE) {
                if (data.remaining() > limit) {
                    fail("binary message of " + data.remaining() + " bytes past the limit of " + limit);
                }
                byte[] b = new byte[data.remaining()];
                data.get(b);
                received.add(b);
            }
        }

        @Override
        public void onStream(InputStream stream) throws IOException {
            byte[] b = stream.readAllBytes();
            if (b.length > limit) {
                fail("streamed binary message of " + b.length + " bytes past the limit of " + limit);
            }
            received.add(b);
        }
    }

    /** The pool, counting what this session still runs on it, so a check can wait for its stream methods. */
    static final class CountingExecutor implements Executor {
        private final AtomicInteger running = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            running.incrementAndGet();
            POOL.execute(() -> {
                try {
                    task.run();
                } finally {
                    synchronized (this) {
                        running.decrementAndGet();
                        notifyAll();
                    }
                }
            });
        }

        synchronized void awaitIdle() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (running.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(running.get() + " stream methods still blocked 10 s after the connection closed");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }
}
