package dev.wsengine.samples.slow;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.samples.SampleServer;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peers that send to {@code /echo} and never read, against the samples server in this process:
 * does a fresh client still get served, what do heap and direct memory do, and what do the slow
 * peers find on the wire once they look. Bounded in count and time; 127.0.0.1 only.
 *
 * <pre>
 * mvn -q -pl samples -am test-compile -DskipTests
 * java -Xmx512m -cp samples/target/test-classes:samples/target/classes:$(cat cp.txt) \
 *     dev.wsengine.samples.slow.SlowReadersLoad --clients 200 --size 1048576
 * </pre>
 * Options: {@code --clients N} (200), {@code --size BYTES} (1 MiB), {@code --read-after-ms} (25,000:
 * when the slow peers start reading, counted from their send), {@code --settle-ms} (60,000: how
 * long after the slow peers are gone direct memory is looked at again), {@code --echoes} (50),
 * {@code --rcvbuf} (64 KiB: the slow peers' receive buffer, 0 for the system's; loopback's grows
 * to megabytes and would swallow the replies, which a peer across a network cannot), {@code --sndbuf}
 * (64 KiB: the server's accepted sockets' send buffer, 0 for the system's, up to 4 MiB here, for
 * the same reason), {@code --write-timeout-ms} (the server's, default its own), {@code --budget-bytes}
 * (the server's buffer budget, default a quarter of the heap, 0 for none).
 *
 * <p>Against a server in another process (the WAR in a standalone Tomcat, say): {@code --port N}
 * and {@code --path /context/echo} name its endpoint, and {@code --pid P} the JVM whose heap and
 * direct memory are measured (through JMX, attached as the same user); {@code --sndbuf} and
 * {@code --write-timeout-ms} are that server's own business then.
 */
public final class SlowReadersLoad {

    /** What one run measured. */
    record Report(long handshakeMs, double echoP50Ms, double echoP99Ms, int echoesDone,
                  long heapBeforeMb, long heapDuringMb, long directBaselineKb, long directPeakKb,
                  long directDuringKb, long directAfterKb, Map<String, Integer> endings,
                  long firstEndMs, long lastEndMs, int sendFailures, double idleEchoP50Ms,
                  long heapPeakMb, List<String> directTimeline) {
        @Override
        public String toString() {
            return "fresh client during the load: handshake " + handshakeMs + " ms, echo p50 "
                    + fmt(echoP50Ms) + " ms, p99 " + fmt(echoP99Ms) + " ms (" + echoesDone + " echoes; idle p50 "
                    + fmt(idleEchoP50Ms) + " ms)\n"
                    + "live heap after GC: " + heapBeforeMb + " MB before, " + heapDuringMb + " MB during;"
                    + " heap used (garbage too) peak " + heapPeakMb + " MB\n"
                    + "direct memory: " + directBaselineKb + " KB baseline, " + directPeakKb + " KB peak, "
                    + directDuringKb + " KB during, " + directAfterKb + " KB after the slow peers are gone\n"
                    + "slow peers' sends that failed: " + sendFailures + "\n"
                    + "slow peers found, once reading: " + endings + "\n"
                    + "their connections ended " + firstEndMs + " to " + lastEndMs + " ms after their send\n"
                    + "direct memory after they are gone: " + String.join(", ", directTimeline);
        }

        private static String fmt(double v) {
            return String.format("%.1f", v);
        }
    }

    record Settings(int clients, int size, long readAfterMs, long settleMs, int echoes, int receiveBuffer, String path) {
        Settings(int clients, int size, long readAfterMs, long settleMs, int echoes, int receiveBuffer) {
            this(clients, size, readAfterMs, settleMs, echoes, receiveBuffer, "/echo");
        }
    }

    /** The measured server's memory: this JVM's, or another's through JMX. */
    interface Memory {
        long direct() throws Exception;

        long liveHeapMb() throws Exception;

        /** Heap in use now, garbage included. */
        long heapNowMb() throws Exception;

        /** The server's Jetty threads ("qtp…"), or -1 when not known. */
        default int serverThreads() {
            return -1;
        }
    }

    static final Memory LOCAL = new Memory() {
        @Override
        public long direct() {
            return SlowReadersLoad.direct();
        }

        @Override
        public long liveHeapMb() {
            return SlowReadersLoad.liveHeapMb();
        }

        @Override
        public long heapNowMb() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        }

        @Override
        public int serverThreads() {
            return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qtp")).count();
        }
    };

    public static void main(String[] args) throws Exception {
        Settings s = new Settings(intArg(args, "--clients", 200), intArg(args, "--size", 1 << 20),
                intArg(args, "--read-after-ms", 25_000), intArg(args, "--settle-ms", 60_000), intArg(args, "--echoes", 50),
                intArg(args, "--rcvbuf", 64 * 1024), stringArg(args, "--path", "/echo"));
        int external = intArg(args, "--port", 0);
        if (external > 0) {
            try (dev.wsengine.samples.abuse.JvmProbe probe = dev.wsengine.samples.abuse.JvmProbe.attach(intArg(args, "--pid", 0))) {
                System.out.println(run(external, s, new Memory() {
                    @Override
                    public long direct() throws Exception {
                        return probe.direct();
                    }

                    @Override
                    public long liveHeapMb() throws Exception {
                        return probe.liveHeap() >> 20;
                    }

                    @Override
                    public long heapNowMb() throws Exception {
                        return probe.heapNow() >> 20;
                    }
                }));
            }
            return;
        }
        SampleServer server = new SampleServer("127.0.0.1", 0);
        int sndbuf = intArg(args, "--sndbuf", 64 * 1024);
        if (sndbuf > 0) {
            server.connector().setAcceptedSendBufferSize(sndbuf);
        }
        server.start();
        String budget = stringArg(args, "--budget-bytes", null);
        if (budget != null) { // reflectively, as setWriteTimeout, for builds from before the budget
            Object container = server.getClass().getMethod("container").invoke(server);
            container.getClass().getMethod("setMaxBufferedBytesTotal", long.class).invoke(container, Long.parseLong(budget));
        }
        int writeTimeout = intArg(args, "--write-timeout-ms", 0);
        if (writeTimeout > 0) {
            setWriteTimeout(server, writeTimeout);
        }
        try {
            System.out.println(run(server.port(), s, LOCAL));
        } finally {
            server.stop();
        }
    }

    /** Reflectively, so that this tool also runs against builds from before SendLimits existed. */
    static void setWriteTimeout(SampleServer server, long ms) throws Exception {
        Class<?> limits = Class.forName("dev.wsengine.settings.SendLimits");
        Object builder = limits.getMethod("builder").invoke(null);
        builder.getClass().getMethod("writeTimeoutMs", long.class).invoke(builder, ms);
        Object built = builder.getClass().getMethod("build").invoke(builder);
        Object container = server.getClass().getMethod("container").invoke(server);
        container.getClass().getMethod("setSendLimits", limits).invoke(container, built);
    }

    static Report run(int port, Settings s, Memory memory) throws Exception {
        long directBaseline = memory.direct();
        double[] idle = echoes(port, s.path(), 10, new long[1]);
        long heapBefore = memory.liveHeapMb();

        byte[] message = new byte[s.size()];
        Arrays.fill(message, (byte) 'x');
        CountDownLatch sent = new CountDownLatch(s.clients());
        CountDownLatch ended = new CountDownLatch(s.clients());
        ConcurrentLinkedQueue<String> endings = new ConcurrentLinkedQueue<>();
        AtomicLong firstEnd = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastEnd = new AtomicLong();
        AtomicInteger sendFailures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < s.clients(); i++) {
            Thread t = new Thread(null, () -> slowPeer(port, s.path(), message, s.readAfterMs(), s.receiveBuffer(), sent, ended, endings,
                    firstEnd, lastEnd, sendFailures), "slow-peer-" + i, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        AtomicLong peak = new AtomicLong();
        AtomicLong heapPeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(memory.direct(), Math::max);
                    heapPeak.accumulateAndGet(memory.heapNowMb(), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception serverGone) {
                    return;
                }
            }
        }, "direct-sampler");
        sampler.setDaemon(true);
        sampler.start();

        sent.await(60, TimeUnit.SECONDS);
        Thread.sleep(500); // the last replies reach their queues
        long[] handshake = new long[1];
        double[] during = echoes(port, s.path(), s.echoes(), handshake);
        long heapDuring = memory.liveHeapMb();
        long directDuring = memory.direct();

        ended.await(s.readAfterMs() + 90_000, TimeUnit.MILLISECONDS);
        List<String> timeline = new ArrayList<>();
        long goneAt = System.nanoTime();
        for (long at = 0; at <= s.settleMs(); at += 10_000) {
            Thread.sleep(Math.max(0, at - (System.nanoTime() - goneAt) / 1_000_000));
            int jetty = memory.serverThreads();
            timeline.add("+" + at / 1000 + " s " + memory.direct() / 1024 + " KB"
                    + (jetty >= 0 ? " (" + jetty + " Jetty threads)" : ""));
        }
        sampler.interrupt();
        long directAfter = memory.direct();
        Map<String, Integer> grouped = new TreeMap<>();
        for (String e : endings) {
            grouped.merge(e, 1, Integer::sum);
        }
        int missing = (int) ended.getCount();
        if (missing > 0) {
            grouped.put("still open", missing);
        }
        return new Report(handshake[0], pct(during, 50), pct(during, 99), during.length, heapBefore, heapDuring,
                directBaseline / 1024, peak.get() / 1024, directDuring / 1024, directAfter / 1024, grouped,
                firstEnd.get() == Long.MAX_VALUE ? -1 : firstEnd.get(), lastEnd.get(), sendFailures.get(),
                pct(idle, 50), heapPeak.get(), timeline);
    }

    private static void slowPeer(int port, String path, byte[] message, long readAfterMs, int receiveBuffer, CountDownLatch sent,
                                 CountDownLatch ended, ConcurrentLinkedQueue<String> endings,
                                 AtomicLong firstEnd, AtomicLong lastEnd, AtomicInteger sendFailures) {
        boolean counted = false;
        try (RawPeer peer = RawPeer.open(port, path, 60_000, receiveBuffer)) {
            peer.sendFrame(0x2, message);
            long sentAt = System.nanoTime();
            sent.countDown();
            counted = true;
            Thread.sleep(readAfterMs);
            peer.socket.setSoTimeout(30_000);
            RawPeer.Ending end = peer.drain();
            long at = (System.nanoTime() - sentAt) / 1_000_000;
            endings.add(end.closeCode() < 0 ? "no Close, " + end.tcp() : "Close " + end.closeCode() + ", then " + end.tcp());
            firstEnd.accumulateAndGet(at, Math::min);
            lastEnd.accumulateAndGet(at, Math::max);
        } catch (Exception e) {
            sendFailures.incrementAndGet();
            endings.add("failed before reading: " + e.getClass().getSimpleName());
        } finally {
            if (!counted) {
                sent.countDown();
            }
            ended.countDown();
        }
    }

    /** A fresh client: handshake time into {@code handshakeMs[0]}, then round trips of 1 KiB, in ms. */
    static double[] echoes(int port, int count, long[] handshakeMs) throws Exception {
        return echoes(port, "/echo", count, handshakeMs);
    }

    static double[] echoes(int port, String path, int count, long[] handshakeMs) throws Exception {
        long start = System.nanoTime();
        try (RawPeer peer = RawPeer.open(port, path, 60_000)) {
            handshakeMs[0] = (System.nanoTime() - start) / 1_000_000;
            byte[] payload = new byte[1024];
            double[] times = new double[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                peer.sendFrame(0x2, payload);
                RawPeer.Frame f = peer.readFrame();
                if (f.opcode() != 0x2 || f.payload().length != payload.length) {
                    throw new IllegalStateException("Not an echo: opcode " + f.opcode() + ", " + f.payload().length + " bytes");
                }
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
            return times;
        }
    }

    static double pct(double[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static long direct() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        return -1;
    }

    static long liveHeapMb() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
