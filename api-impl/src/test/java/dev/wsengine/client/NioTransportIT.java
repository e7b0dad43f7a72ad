package dev.wsengine.client;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NIO transport (and its TLS wire) on its own, against plain JDK sockets, with no session above it. */
class NioTransportIT {

    private static final ClientThreads THREADS = ClientThreads.shared();

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** Writes down what the transport hands it, and whether two calls ever overlapped. */
    static final class RecordingHandler implements TransportHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final BlockingQueue<String> chunks = new LinkedBlockingQueue<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger onSelectorThread = new AtomicInteger();
        final AtomicInteger closedCalls = new AtomicInteger();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        volatile Transport transport;
        volatile boolean suspendOnData;

        @Override
        public void onOpen(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void onData(ByteBuffer data) {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            if (Thread.currentThread().getName().contains("selector")) {
                onSelectorThread.incrementAndGet();
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            synchronized (received) {
                received.write(bytes, 0, bytes.length);
            }
            if (suspendOnData) {
                transport.suspendReading(); // before the chunk is visible, so the test's next step finds it suspended
            }
            chunks.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
            Thread.yield(); // gives a second reader, if there were one, the chance to overlap
            inside.decrementAndGet();
        }

        @Override
        public void onClosed(Throwable cause) {
            closedCalls.incrementAndGet();
            closed.complete(cause);
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }
    }

    /** A write callback that remembers on which thread and how it ended. */
    static final class Completion implements WriteCallback {
        final CompletableFuture<String> done = new CompletableFuture<>();

        @Override
        public void completed() {
            done.complete("completed on " + Thread.currentThread().getName());
        }

        @Override
        public void failed(Throwable cause) {
            done.complete("failed " + cause.getClass().getSimpleName());
        }
    }

    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        return server;
    }

    private NioTransport open(Wire wire, TransportHandler handler) throws IOException {
        NioTransport transport = new NioTransport(wire, THREADS.loop, THREADS.executor, wire instanceof TlsWire, t -> { });
        cleanup.add(() -> transport.close(true));
        transport.start(handler, ByteBuffer.allocate(0));
        return transport;
    }

    private static SocketChannel connectedChannel(ServerSocket server) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        channel.configureBlocking(false);
        return channel;
    }

    private static byte[] pattern(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void deliversEveryByteInOrderOneCallAtATimeAndNeverOnTheSelectorThread() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        cleanup.add(peer);
        RecordingHandler handler = new RecordingHandler();
        open(new PlainWire(channel), handler);

        byte[] sent = pattern(4 * 1024 * 1024, 1);
        Random sizes = new Random(2);
        OutputStream out = peer.getOutputStream();
        for (int at = 0; at < sent.length; ) {
            int n = Math.min(sent.length - at, 1 + sizes.nextInt(40_000));
            out.write(sent, at, n);
            at += n;
        }
        peer.shutdownOutput();

        assertNull(handler.closed.get(20, TimeUnit.SECONDS), "a peer's orderly close has no cause");
        assertArrayEquals(sent, handler.bytes());
        assertEquals(0, handler.overlaps.get(), "onData calls overlapped");
        assertEquals(0, handler.onSelectorThread.get(), "onData ran on the selector thread");
        assertEquals(1, handler.closedCalls.get());
    }

    @Test
    void aWriteTheSocketCannotTakeAtOnceCompletesOnceThePeerReadsItAll() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        cleanup.add(peer);
        NioTransport transport = open(new PlainWire(channel), new RecordingHandler());

        byte[] sent = pattern(32 * 1024 * 1024, 3); // far more than the two socket buffers hold
        Completion completion = new Completion();
        transport.write(completion, ByteBuffer.wrap(sent, 0, sent.length / 2), ByteBuffer.wrap(sent, sent.length / 2,
                sent.length - sent.length / 2));
        assertFalse(completion.done.isDone(), "the peer has not read yet, so the write cannot be done");

        byte[] got = peer.getInputStream().readNBytes(sent.length);
        assertArrayEquals(sent, got);
        String how = completion.done.get(10, TimeUnit.SECONDS);
        assertTrue(how.startsWith("completed"), how);
        assertFalse(how.contains("selector"), "write completions must not run on the selector thread: " + how);
    }

    @Test
    void aGracefulCloseSendsWhatWasWrittenBeforeClosing() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        cleanup.add(peer);
        RecordingHandler handler = new RecordingHandler();
        NioTransport transport = open(new PlainWire(channel), handler);

        byte[] sent = pattern(16 * 1024 * 1024, 4);
        Completion completion = new Completion();
        transport.write(completion, ByteBuffer.wrap(sent));
        transport.close(false);

        InputStream in = peer.getInputStream();
        assertArrayEquals(sent, in.readNBytes(sent.length));
        assertEquals(-1, in.read(), "the connection closes after the last byte");
        assertTrue(completion.done.get(10, TimeUnit.SECONDS).startsWith("completed"));
        assertNull(handler.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAbortFailsTheWriteInProgressAndReportsTheCloseOnce() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        cleanup.add(peer);
        RecordingHandler handler = new RecordingHandler();
        NioTransport transport = open(new PlainWire(channel), handler);

        Completion completion = new Completion();
        transport.write(completion, ByteBuffer.wrap(pattern(32 * 1024 * 1024, 5)));
        transport.close(true);
        transport.close(true);

        assertEquals("failed ClosedChannelException", completion.done.get(10, TimeUnit.SECONDS));
        handler.closed.get(10, TimeUnit.SECONDS);
        assertEquals(1, handler.closedCalls.get());

        Completion late = new Completion();
        transport.write(late, ByteBuffer.wrap(new byte[1]));
        assertEquals("failed ClosedChannelException", late.done.get(10, TimeUnit.SECONDS));
    }

    @Test
    void suspendedReadingDeliversNothingUntilResumed() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        cleanup.add(peer);
        RecordingHandler handler = new RecordingHandler();
        handler.suspendOnData = true;
        NioTransport transport = open(new PlainWire(channel), handler);

        OutputStream out = peer.getOutputStream();
        out.write("first".getBytes());
        assertEquals("first", handler.chunks.poll(10, TimeUnit.SECONDS));
        handler.suspendOnData = false;
        out.write("second".getBytes());
        assertNull(handler.chunks.poll(300, TimeUnit.MILLISECONDS), "delivered while suspended");

        transport.resumeReading();
        assertEquals("second", handler.chunks.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void theTlsWireCarriesLargeDataBothWaysAndEndsWithCloseNotify() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.localhost();
        SSLServerSocket server = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        cleanup.add(server);
        CompletableFuture<Integer> peerSawEnd = new CompletableFuture<>();
        Thread echo = new Thread(() -> {
            try (SSLSocket peer = (SSLSocket) server.accept()) {
                InputStream in = peer.getInputStream();
                OutputStream out = peer.getOutputStream();
                byte[] buffer = new byte[32 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
                peerSawEnd.complete(n);
            } catch (IOException e) {
                peerSawEnd.completeExceptionally(e);
            }
        }, "tls-echo");
        echo.setDaemon(true);
        echo.start();

        SocketChannel channel = connectedChannel(server);
        javax.net.ssl.SSLEngine engine = certificate.trustingClientContext().createSSLEngine("localhost", server.getLocalPort());
        engine.setUseClientMode(true);
        TlsWire wire = new TlsWire(channel, engine);
        try (Deadline deadline = new Deadline(10_000)) {
            wire.handshake(deadline);
        }
        RecordingHandler handler = new RecordingHandler();
        NioTransport transport = open(wire, handler);
        assertTrue(transport.isSecure());

        byte[] sent = pattern(3 * 1024 * 1024 + 17, 6);
        Completion completion = new Completion();
        transport.write(completion, ByteBuffer.wrap(sent));
        assertTrue(completion.done.get(20, TimeUnit.SECONDS).startsWith("completed"));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (handler.bytes().length < sent.length && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertArrayEquals(sent, handler.bytes());
        assertEquals(0, handler.overlaps.get());

        transport.close(false);
        assertEquals(-1, peerSawEnd.get(10, TimeUnit.SECONDS), "the peer sees close_notify as the end of the stream");
    }

    @Test
    void writingAfterThePeerHasGoneFailsTheCallback() throws Exception {
        ServerSocket server = listen();
        SocketChannel channel = connectedChannel(server);
        Socket peer = server.accept();
        RecordingHandler handler = new RecordingHandler();
        NioTransport transport = open(new PlainWire(channel), handler);
        peer.setSoLinger(true, 0); // a reset, not an orderly close
        peer.close();
        Throwable cause = handler.closed.get(10, TimeUnit.SECONDS);
        Completion completion = new Completion();
        transport.write(completion, ByteBuffer.wrap(new byte[10]));
        assertTrue(completion.done.get(10, TimeUnit.SECONDS).startsWith("failed"));
        assertInstanceOf(IOException.class, cause, "a reset is a failure, not an orderly close");
        assertEquals(1, handler.closedCalls.get());
    }

    @Test
    void manyConnectionsShareOneSelectorThread() throws Exception {
        ServerSocket server = listen();
        List<RecordingHandler> handlers = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SocketChannel channel = connectedChannel(server);
            Socket peer = server.accept();
            cleanup.add(peer);
            peers.add(peer);
            RecordingHandler handler = new RecordingHandler();
            handlers.add(handler);
            open(new PlainWire(channel), handler);
        }
        for (int i = 0; i < peers.size(); i++) {
            peers.get(i).getOutputStream().write(("hello " + i).getBytes());
        }
        for (int i = 0; i < handlers.size(); i++) {
            assertEquals("hello " + i, handlers.get(i).chunks.poll(10, TimeUnit.SECONDS));
        }
        long selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("wsengine-client-selector")).count();
        assertEquals(1, selectors, "selector threads: " + Arrays.toString(Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(n -> n.contains("selector")).toArray()));
    }
}
