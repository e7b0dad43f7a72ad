package dev.wsengine.benchmarks.streaming;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server's heap in use, sampled every 20 ms by {@code jstat -gc}, which reads the JVM's own
 * counters from its performance-data file: the server is not attached to, paused or made to collect.
 * "Used" is the survivor, eden and old spaces together (garbage not yet collected included); under
 * G1 the old space holds the humongous regions, where a buffer the size of the message would live.
 */
final class HeapSampler implements AutoCloseable {

    static final int INTERVAL_MS = 20;

    private final Process jstat;
    private long peakUsedKb;
    private long peakOldKb;
    private int samples;

    private HeapSampler(Process jstat) {
        this.jstat = jstat;
    }

    static HeapSampler start(long pid, String cpus) throws IOException {
        Process p = new ProcessBuilder("taskset", "-c", cpus,
                Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc", Long.toString(pid),
                Integer.toString(INTERVAL_MS))
                .redirectErrorStream(true).start();
        HeapSampler sampler = new HeapSampler(p);
        Thread reader = new Thread(sampler::read, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
        return sampler;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            List<String> columns = null;
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.trim().split("\\s+");
                if (columns == null) {
                    if (line.contains("EU")) {
                        columns = Arrays.asList(cells);
                    }
                    continue;
                }
                if (cells.length != columns.size()) {
                    continue;
                }
                try {
                    long old = kb(cells, columns, "OU");
                    long used = kb(cells, columns, "S0U") + kb(cells, columns, "S1U") + kb(cells, columns, "EU") + old;
                    record(used, old);
                } catch (NumberFormatException e) {
                    // A repeated header or a message line from jstat, not a sample.
                }
            }
        } catch (IOException e) {
            // jstat ended: the server's process is gone or the sampler was closed.
        }
    }

    private static long kb(String[] cells, List<String> columns, String name) {
        return (long) Double.parseDouble(cells[columns.indexOf(name)]);
    }

    private synchronized void record(long usedKb, long oldKb) {
        peakUsedKb = Math.max(peakUsedKb, usedKb);
        peakOldKb = Math.max(peakOldKb, oldKb);
        samples++;
    }

    /** Forgets the peaks so far: the next window starts now. */
    synchronized void reset() {
        peakUsedKb = 0;
        peakOldKb = 0;
        samples = 0;
    }

    /** Waits until jstat has given a first sample (its own JVM takes a moment to start). */
    void awaitFirstSample(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (samples > 0) {
                    return;
                }
            }
            Thread.sleep(INTERVAL_MS);
        }
        throw new IllegalStateException("jstat gave no sample within " + timeoutMillis + " ms");
    }

    /** The window's peaks in bytes and how many samples it had. */
    synchronized Peak peak() {
        return new Peak(peakUsedKb * 1024, peakOldKb * 1024, samples);
    }

    record Peak(long usedBytes, long oldBytes, int samples) {
    }

    @Override
    public void close() throws InterruptedException {
        jstat.destroy();
        if (!jstat.waitFor(5, TimeUnit.SECONDS)) {
            jstat.destroyForcibly();
        }
    }
}
