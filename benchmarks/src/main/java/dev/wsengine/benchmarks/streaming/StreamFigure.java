package dev.wsengine.benchmarks.streaming;

import dev.wsengine.benchmarks.harness.ServerProcess;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * One 100 MiB binary message into a server's {@code /stream} endpoint, in 64 KiB fragments, with the
 * server's heap sampled meanwhile: the transfer both {@link StreamingBench} and the benchmark
 * harness measure. The answer's byte count and CRC-32 must match, or the run is not fine.
 */
public final class StreamFigure {

    public static final int MESSAGE_MIB = 100;
    static final int FRAGMENT = 64 * 1024;

    /** How one transfer went: its rate when fine, else what happened, and the heap's peaks meanwhile. */
    public record Run(boolean ok, String outcome, double mbPerSecond, long peakUsed, long peakOld, int samples) {
    }

    private final byte[] pattern = new byte[1 << 20];
    private final String expected;

    public StreamFigure() {
        new Random(6455).nextBytes(pattern);
        CRC32 crc = new CRC32();
        for (int i = 0; i < MESSAGE_MIB; i++) {
            crc.update(pattern);
        }
        expected = ((long) MESSAGE_MIB << 20) + " " + Long.toHexString(crc.getValue());
    }

    /** One transfer with its own sampler: jstat pinned to {@code samplerCpus}, started and stopped around it. */
    public Run measure(InetSocketAddress address, ServerProcess server, String samplerCpus, long timeoutMillis) throws Exception {
        try (HeapSampler sampler = HeapSampler.start(server.pid(), samplerCpus)) {
            sampler.awaitFirstSample(10_000);
            return once(address, server, sampler, timeoutMillis);
        }
    }

    /** An unmeasured transfer of {@code mib} MiB, so the JIT has seen the streaming path before a figure. */
    public void warmUp(InetSocketAddress address, int mib, long timeoutMillis) throws Exception {
        StreamTransfer.run(address, pattern, mib, FRAGMENT, timeoutMillis);
    }

    Run once(InetSocketAddress address, ServerProcess server, HeapSampler sampler, long timeoutMillis) throws Exception {
        sampler.reset();
        StreamTransfer.Result result;
        try {
            result = StreamTransfer.run(address, pattern, MESSAGE_MIB, FRAGMENT, timeoutMillis);
        } catch (Exception e) {
            result = new StreamTransfer.Result(false, null, "no transfer: " + e, 0);
        }
        // The last samples of the window, taken after the answer.
        Thread.sleep(3 * HeapSampler.INTERVAL_MS);
        HeapSampler.Peak peak = sampler.peak();
        boolean ok = result.answered() && expected.equals(result.reply());
        String outcome = ok ? "fine"
                : result.answered() ? "wrong answer \"" + result.reply() + "\", expected \"" + expected + "\"" : result.outcome();
        String died = server.isAlive() ? "" : "; the server's process exited";
        double mbPerSecond = ok ? ((double) MESSAGE_MIB * (1 << 20)) / 1e6 / result.seconds() : 0;
        return new Run(ok, outcome + died, mbPerSecond, peak.usedBytes(), peak.oldBytes(), peak.samples());
    }
}
