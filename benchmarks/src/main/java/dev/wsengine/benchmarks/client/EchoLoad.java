package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Echo load on one selector thread: {@code connections} connections, each with {@code depth}
 * messages in flight; another goes out whenever an echo is complete. A warm-up window, then a
 * measured window, both bounded in time and message count.
 */
public final class EchoLoad {

    private final InetSocketAddress server;
    private final int connections;
    private final int opcode;
    private final byte[] payload;
    private final int depth;

    public EchoLoad(InetSocketAddress server, int connections, int depth, int opcode, int payloadSize) {
        this.server = server;
        this.connections = connections;
        this.depth = depth;
        this.opcode = opcode;
        this.payload = new byte[payloadSize];
        // Printable ASCII, so the same bytes are valid text.
        for (int i = 0; i < payloadSize; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
    }

    /** Runs warm-up then measurement; {@code serverCpu} reads the server's CPU nanoseconds. */
    public LoadResult run(long warmupNanos, long measureNanos, long maxMessages, LongSupplier serverCpu) throws IOException {
        List<Conn> conns = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = Loopback.connectWebSocket(server, "/echo", 10_000);
                channel.configureBlocking(false);
                Conn conn = new Conn(channel);
                conns.add(conn);
                conn.key = channel.register(selector, SelectionKey.OP_READ, conn);
            }
            for (int d = 0; d < depth; d++) {
                for (Conn conn : conns) {
                    conn.send();
                }
            }
            phase(selector, warmupNanos, maxMessages);
            long cpu0 = serverCpu.getAsLong();
            long self0 = CpuClock.selfNanos();
            long t0 = System.nanoTime();
            long done = phase(selector, measureNanos, maxMessages);
            long t1 = System.nanoTime();
            long cpu1 = serverCpu.getAsLong();
            long self1 = CpuClock.selfNanos();
            for (Conn conn : conns) {
                if (conn.failure != null) {
                    throw new IOException("echo failed: " + conn.failure);
                }
            }
            return new LoadResult(done, t1 - t0, cpu1 - cpu0, self1 - self0);
        } finally {
            Closing.closeAll(conns.stream().map(c -> c.channel).toList());
        }
    }

    private long completed;

    private long phase(Selector selector, long nanos, long maxMessages) throws IOException {
        long start = completed;
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() < deadline && completed - start < maxMessages) {
            selector.select(50);
            for (SelectionKey key : selector.selectedKeys()) {
                Conn conn = (Conn) key.attachment();
                if (key.isValid() && key.isWritable()) {
                    conn.flush();
                }
                if (key.isValid() && key.isReadable()) {
                    conn.read();
                }
            }
            selector.selectedKeys().clear();
        }
        return completed - start;
    }

    private final class Conn implements ServerFrameReader.Listener {
        final SocketChannel channel;
        final ServerFrameReader reader = new ServerFrameReader();
        final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        /** Frames not yet written, in read mode; room for every frame in flight. */
        final ByteBuffer out = ByteBuffer.allocateDirect(depth * ClientFrames.frameLength(payload.length)).flip();
        final ByteBuffer source = ByteBuffer.wrap(payload);
        SelectionKey key;
        boolean checked;
        String failure;

        Conn(SocketChannel channel) {
            this.channel = channel;
            reader.expect(payload);
        }

        void send() throws IOException {
            out.compact();
            ClientFrames.writeMasked(out, opcode, source, ThreadLocalRandom.current().nextInt());
            out.flip();
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                failure = "server closed the connection";
                key.cancel();
                return;
            }
            in.flip();
            reader.feed(in, this);
            in.clear();
        }

        @Override
        public void frame(int frameOpcode, long length, boolean matched) {
            if (frameOpcode != opcode || length != payload.length || (!checked && !matched)) {
                failure = "unexpected echo: opcode " + frameOpcode + ", " + length + " bytes, content "
                        + (matched ? "same" : "different");
                key.cancel();
                return;
            }
            if (!checked) {
                // The first echo on each connection is compared byte for byte; later ones by length.
                checked = true;
                reader.expect(null);
            }
            completed++;
            try {
                send();
            } catch (IOException e) {
                failure = e.toString();
                key.cancel();
            }
        }
    }
}
