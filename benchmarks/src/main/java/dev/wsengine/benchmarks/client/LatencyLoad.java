package dev.wsengine.benchmarks.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Round-trip latency of 64 B text echoes at a fixed total rate over a few connections: one
 * blocking thread per connection (a blocked read wakes as soon as the echo lands), sends spread
 * evenly over the period. Each sample runs from just before the write to the last byte of the echo.
 * The slow samples are also counted in bursts ({@link SlowBursts}), for which their send times are kept.
 */
public final class LatencyLoad {

    /** Sorted round trips in nanoseconds of the measured window, its slow bursts, and the client's CPU over it. */
    public record Samples(long[] sortedNanos, int slowBursts, long elapsedNanos, long clientCpuNanos) {
        public double percentileMicros(double p) {
            return Percentiles.of(sortedNanos, p) / 1e3;
        }

        public double slowBurstsPerSecond() {
            return slowBursts / (elapsedNanos / 1e9);
        }

        public double clientBusy() {
            return (double) clientCpuNanos / elapsedNanos;
        }
    }

    private LatencyLoad() {
    }

    public static Samples run(InetSocketAddress server, int connections, int totalRate, int payloadSize,
                              long warmupNanos, long measureNanos) throws IOException, InterruptedException {
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                channels.add(Loopback.connectWebSocket(server, "/echo", 10_000));
            }
            long period = 1_000_000_000L * connections / totalRate;
            long start = System.nanoTime() + 50_000_000L;
            long measureFrom = start + warmupNanos;
            long end = measureFrom + measureNanos;
            Worker[] workers = new Worker[connections];
            for (int i = 0; i < connections; i++) {
                workers[i] = new Worker(channels.get(i), payloadSize, start + i * period / connections, period, measureFrom, end);
            }
            for (Worker w : workers) {
                w.start();
            }
            LockSupport.parkNanos(Math.max(0, measureFrom - System.nanoTime()));
            long self0 = CpuClock.selfNanos();
            for (Worker w : workers) {
                w.join(end - System.nanoTime() > 0 ? (end - System.nanoTime()) / 1_000_000 + 20_000 : 20_000);
            }
            long self1 = CpuClock.selfNanos();
            long elapsed = System.nanoTime() - measureFrom;
            int total = 0;
            for (Worker w : workers) {
                if (w.isAlive()) {
                    throw new IOException("latency worker did not finish in time");
                }
                if (w.failure != null) {
                    throw new IOException("latency echo failed: " + w.failure, w.failure);
                }
                total += w.count;
            }
            long[] all = new long[total];
            long[] sent = new long[total];
            int at = 0;
            for (Worker w : workers) {
                System.arraycopy(w.samples, 0, all, at, w.count);
                System.arraycopy(w.sentAt, 0, sent, at, w.count);
                at += w.count;
            }
            int bursts = SlowBursts.count(sent, all);
            Arrays.sort(all);
            return new Samples(all, bursts, elapsed, self1 - self0);
        } finally {
            Closing.closeAll(channels);
        }
    }

    private static final class Worker extends Thread {
        private final SocketChannel channel;
        private final long first;
        private final long period;
        private final long measureFrom;
        private final long end;
        private final byte[] payload;
        private final ByteBuffer out;
        private final ByteBuffer in;
        private final ServerFrameReader reader = new ServerFrameReader();
        long[] samples;
        long[] sentAt;
        int count;
        Exception failure;
        private boolean echoed;

        Worker(SocketChannel channel, int payloadSize, long first, long period, long measureFrom, long end) {
            super("latency-" + first);
            setDaemon(true);
            this.channel = channel;
            this.first = first;
            this.period = period;
            this.measureFrom = measureFrom;
            this.end = end;
            payload = new byte[payloadSize];
            Arrays.fill(payload, (byte) 'x');
            out = ByteBuffer.allocateDirect(ClientFrames.frameLength(payloadSize));
            in = ByteBuffer.allocateDirect(4096);
            samples = new long[(int) ((end - measureFrom) / period) + 16];
            sentAt = new long[samples.length];
            reader.expect(payload);
        }

        @Override
        public void run() {
            try {
                ByteBuffer source = ByteBuffer.wrap(payload);
                for (long next = first; next < end; next += period) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    out.clear();
                    ClientFrames.writeMasked(out, ClientFrames.TEXT, source, ThreadLocalRandom.current().nextInt());
                    out.flip();
                    long sent = System.nanoTime();
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    echoed = false;
                    while (!echoed) {
                        in.clear();
                        if (channel.read(in) < 0) {
                            throw new IOException("server closed the connection");
                        }
                        in.flip();
                        reader.feed(in, (opcode, length, matched) -> {
                            if (opcode != ClientFrames.TEXT || length != payload.length || !matched) {
                                throw new IllegalStateException("unexpected echo: opcode " + opcode + ", " + length + " bytes");
                            }
                            echoed = true;
                        });
                    }
                    long took = System.nanoTime() - sent;
                    if (sent >= measureFrom && count < samples.length) {
                        sentAt[count] = sent;
                        samples[count++] = took;
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
