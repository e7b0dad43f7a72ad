package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Opening handshakes on one selector thread with {@code concurrency} in flight. Two uses:
 * {@link #cycles} measures whole connection lives (TCP connect, upgrade, Close 1000 both ways, TCP
 * close), {@link #hold} opens connections and keeps them open, idle, for the memory figures.
 */
public final class HandshakeLoad {

    private enum State { CONNECTING, SENDING, READING_HEAD, CLOSING }

    private final InetSocketAddress server;
    private final String path;
    private final int concurrency;
    private final boolean keep;
    private final List<SocketChannel> held = new ArrayList<>();
    private long handshakes;
    private long cycles;
    private String failure;
    private int inFlight;

    private HandshakeLoad(InetSocketAddress server, String path, int concurrency, boolean keep) {
        this.server = server;
        this.path = path;
        this.concurrency = concurrency;
        this.keep = keep;
    }

    /** Connection lives after a warm-up window; operations are completed lives. */
    public static LoadResult cycles(InetSocketAddress server, int concurrency, long warmupNanos, long measureNanos,
                                    long maxCycles, LongSupplier serverCpu) throws IOException {
        HandshakeLoad load = new HandshakeLoad(server, "/echo", concurrency, false);
        try (Selector selector = Selector.open()) {
            load.startAll(selector, concurrency);
            load.loop(selector, warmupNanos, maxCycles, Long.MAX_VALUE);
            long cpu0 = serverCpu.getAsLong();
            long self0 = CpuClock.selfNanos();
            long t0 = System.nanoTime();
            long before = load.cycles;
            load.loop(selector, measureNanos, maxCycles, Long.MAX_VALUE);
            long t1 = System.nanoTime();
            long cpu1 = serverCpu.getAsLong();
            long self1 = CpuClock.selfNanos();
            load.closeInFlight(selector);
            load.throwIfFailed();
            return new LoadResult(load.cycles - before, t1 - t0, cpu1 - cpu0, self1 - self0);
        }
    }

    /**
     * Connection lives in slices of {@code sliceNanos}, another slice for as long as {@code more}
     * says after each one (up to {@code maxCycles} in all); a warm-up, so nothing is measured.
     */
    public static void repeat(InetSocketAddress server, int concurrency, long sliceNanos, long maxCycles, BooleanSupplier more)
            throws IOException {
        HandshakeLoad load = new HandshakeLoad(server, "/echo", concurrency, false);
        try (Selector selector = Selector.open()) {
            load.startAll(selector, concurrency);
            do {
                load.loop(selector, sliceNanos, maxCycles - load.cycles, Long.MAX_VALUE);
                load.throwIfFailed();
            } while (load.cycles < maxCycles && more.getAsBoolean());
            load.closeInFlight(selector);
        }
    }

    /** Opens {@code count} idle connections to {@code path} within {@code nanos}; the caller closes them. */
    public static Held hold(InetSocketAddress server, String path, int count, int concurrency, long nanos) throws IOException {
        HandshakeLoad load = new HandshakeLoad(server, path, concurrency, true);
        try (Selector selector = Selector.open()) {
            load.startAll(selector, Math.min(concurrency, count));
            load.loop(selector, nanos, Long.MAX_VALUE, count);
            load.closeInFlight(selector);
        }
        Held held = new Held(load.held);
        if (load.failure != null || load.held.size() < count) {
            held.close();
            throw new IOException("opened " + load.held.size() + " of " + count + " idle connections"
                    + (load.failure != null ? ": " + load.failure : " in time"));
        }
        return held;
    }

    /** Idle connections kept open; {@link #close} ends them with a Close 1000 each. */
    public static final class Held implements AutoCloseable {
        private final List<SocketChannel> channels;

        Held(List<SocketChannel> channels) {
            this.channels = channels;
        }

        public int size() {
            return channels.size();
        }

        @Override
        public void close() {
            Closing.closeAll(channels);
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    private void startAll(Selector selector, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            start(selector);
        }
    }

    private void start(Selector selector) throws IOException {
        SocketChannel channel = Loopback.open(server, false);
        Conn conn = new Conn(channel);
        inFlight++;
        if (channel.isConnected()) {
            conn.key = channel.register(selector, 0, conn);
            conn.connected();
        } else {
            conn.key = channel.register(selector, SelectionKey.OP_CONNECT, conn);
        }
    }

    private void loop(Selector selector, long nanos, long maxCycles, long maxHeld) throws IOException {
        long startCycles = cycles;
        long deadline = System.nanoTime() + nanos;
        while (failure == null && System.nanoTime() < deadline && cycles - startCycles < maxCycles && held.size() < maxHeld) {
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                Conn conn = (Conn) key.attachment();
                try {
                    conn.ready();
                } catch (IOException | RuntimeException e) {
                    failure = e.toString();
                    conn.channel.close();
                }
                if (conn.finished || !conn.channel.isOpen()) {
                    inFlight--;
                    if (failure == null && (!keep || held.size() + inFlight < maxHeld)) {
                        start(selector);
                    }
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void closeInFlight(Selector selector) {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                // It was being opened; nothing to keep.
            }
        }
    }

    private final class Conn {
        final SocketChannel channel;
        final Handshake handshake;
        final ByteBuffer request;
        final byte[] head = new byte[1024];
        int headLength;
        final ByteBuffer in = ByteBuffer.allocate(1024);
        final ServerFrameReader frames = new ServerFrameReader();
        ByteBuffer close;
        State state = State.CONNECTING;
        SelectionKey key;
        boolean finished;

        Conn(SocketChannel channel) {
            this.channel = channel;
            handshake = new Handshake(server.getHostString() + ":" + server.getPort(), path);
            request = handshake.request().duplicate();
        }

        void ready() throws IOException {
            switch (state) {
                case CONNECTING -> {
                    if (channel.finishConnect()) {
                        connected();
                    }
                }
                case SENDING -> write(request, State.READING_HEAD);
                case READING_HEAD -> readHead();
                case CLOSING -> {
                    if (close.hasRemaining()) {
                        write(close, State.CLOSING);
                    } else {
                        readUntilClose();
                    }
                }
            }
        }

        void connected() throws IOException {
            state = State.SENDING;
            write(request, State.READING_HEAD);
        }

        private void write(ByteBuffer buffer, State next) throws IOException {
            channel.write(buffer);
            if (buffer.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
            } else {
                state = next;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private void readHead() throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("server closed during the handshake");
            }
            in.flip();
            while (in.hasRemaining()) {
                if (headLength == head.length) {
                    throw new IOException("handshake answer too long");
                }
                head[headLength++] = in.get();
                int end = Handshake.headEnd(head, headLength);
                if (end > 0) {
                    handshake.check(new String(head, 0, end, StandardCharsets.ISO_8859_1));
                    handshakes++;
                    if (keep) {
                        key.cancel();
                        held.add(channel);
                        finished = true;
                    } else {
                        state = State.CLOSING;
                        close = ClientFrames.close(1000, ThreadLocalRandom.current().nextInt());
                        write(close, State.CLOSING);
                        if (in.hasRemaining()) {
                            frames.feed(in, this::frame);
                        }
                    }
                    return;
                }
            }
        }

        private void readUntilClose() throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                done();
                return;
            }
            in.flip();
            frames.feed(in, this::frame);
        }

        private void frame(int opcode, long length, boolean matched) {
            if (opcode == ClientFrames.CLOSE && !finished) {
                done();
            }
        }

        private void done() {
            try {
                channel.close();
            } catch (IOException e) {
                failure = e.toString();
            }
            cycles++;
            finished = true;
        }
    }
}
