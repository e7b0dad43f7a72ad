package dev.wsengine.extensions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Measures what 1,000 sessions' worth of deflate state costs: not a test, a tool. Run from the
 * worktree root after {@code mvn -B -q -pl api-impl test-compile}:
 * <pre>
 * java -cp api-impl/target/classes:api-impl/target/test-classes dev.wsengine.extensions.DeflateMemoryFootprint
 * </pre>
 * Each scenario runs in a fresh JVM with a pre-touched fixed heap, so that the growth of the
 * process's anonymous resident memory (RssAnon, or VmRSS) is zlib's native memory and not heap
 * pages being touched; the heap figure is the used heap after GC. Linux only ({@code /proc}).
 */
public final class DeflateMemoryFootprint {

    private static final int PAIRS = 1_000;
    private static final int WARM_UP = 50;
    private static final String[] SCENARIOS = {
            "jdk-idle", "jdk-used-level6", "jdk-used-level1", "jdk-used-heavily", "jdk-used-then-ended",
            "ours-idle", "ours-context-takeover", "ours-context-takeover-heavily", "ours-no-context-takeover",
            "cost-per-message"};

    /** Different messages of the same shape, so that context takeover is not flattered. */
    private static final byte[][] MESSAGES = sampleMessages(64);
    private static final byte[] MESSAGE = MESSAGES[0];
    /** Messages a "heavily used" pair has been through: about 100 KB of text. */
    private static final int HEAVY_USE_MESSAGES = 25;

    private DeflateMemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            run(args[0]);
            return;
        }
        System.out.printf("%-30s %6s %12s %14s %14s%n", "scenario", "pairs", "native MB", "native/pair", "heap/pair");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String scenario : SCENARIOS) {
            Process child = new ProcessBuilder(java, "-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), DeflateMemoryFootprint.class.getName(), scenario)
                    .inheritIO().start();
            if (child.waitFor() != 0) {
                throw new IllegalStateException(scenario + " failed");
            }
        }
        System.out.printf("(%d-byte text message, Java %s, %s)%n", MESSAGE.length, System.getProperty("java.version"), System.getProperty("os.arch"));
    }

    private static void run(String scenario) throws Exception {
        if (scenario.equals("cost-per-message")) {
            costPerMessage();
            return;
        }
        // Warm up the code paths (class loading, JIT) so that their memory is in the baseline.
        holdPairs(scenario, WARM_UP).clear();
        settle();
        long rssBefore = anonymousRssKb();
        long heapBefore = usedHeap();
        List<Object> held = holdPairs(scenario, PAIRS);
        settle();
        long rssAfter = anonymousRssKb();
        long heapAfter = usedHeap();
        double nativeMb = (rssAfter - rssBefore) / 1024.0;
        System.out.printf("%-30s %6d %12.1f %11.1f KB %11d B%n", scenario, PAIRS, nativeMb,
                (rssAfter - rssBefore) / (double) PAIRS, (heapAfter - heapBefore) / PAIRS);
        if (held.size() != PAIRS) {
            throw new AssertionError("lost pairs");
        }
    }

    /** Makes {@code count} deflater+inflater pairs in the state the scenario describes, and keeps them. */
    private static List<Object> holdPairs(String scenario, int count) throws DataFormatException {
        List<Object> held = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            switch (scenario) {
                case "jdk-idle" -> held.add(new Object[]{new Deflater(6, true), new Inflater(true)});
                case "jdk-used-level6" -> held.add(usedJdkPair(6, 1, false));
                case "jdk-used-level1" -> held.add(usedJdkPair(1, 1, false));
                case "jdk-used-heavily" -> held.add(usedJdkPair(6, HEAVY_USE_MESSAGES, false));
                case "jdk-used-then-ended" -> held.add(usedJdkPair(6, 1, true));
                case "ours-idle" -> held.add(new Object[]{new MessageDeflater(false, 6, 8192), new MessageInflater(false, 8192)});
                case "ours-context-takeover" -> held.add(usedOurPair(false, 1));
                case "ours-context-takeover-heavily" -> held.add(usedOurPair(false, HEAVY_USE_MESSAGES));
                case "ours-no-context-takeover" -> held.add(usedOurPair(true, HEAVY_USE_MESSAGES));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        }
        return held;
    }

    private static Object[] usedJdkPair(int level, int messages, boolean end) throws DataFormatException {
        Deflater deflater = new Deflater(level, true);
        Inflater inflater = new Inflater(true);
        byte[] compressed = new byte[MESSAGE.length * 2];
        byte[] plain = new byte[MESSAGE.length * 2];
        for (int m = 0; m < messages; m++) {
            byte[] message = MESSAGES[m % MESSAGES.length];
            deflater.setInput(message);
            int n = deflater.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
            inflater.setInput(compressed, 0, n);
            if (inflater.inflate(plain) != message.length) {
                throw new AssertionError("round trip failed");
            }
        }
        if (end) {
            deflater.end();
            inflater.end();
        }
        return new Object[]{deflater, inflater};
    }

    private static Object[] usedOurPair(boolean noContextTakeover, int messages) {
        MessageDeflater deflater = new MessageDeflater(noContextTakeover, 6, 8192);
        MessageInflater inflater = new MessageInflater(noContextTakeover, 8192);
        for (int m = 0; m < messages; m++) {
            byte[] message = MESSAGES[m % MESSAGES.length];
            ByteBuffer compressed = deflater.deflate(ByteBuffer.wrap(message), true);
            int[] inflated = {0};
            inflater.inflate(compressed, true, message.length, chunk -> inflated[0] += chunk.remaining());
            if (inflated[0] != message.length) {
                throw new AssertionError("round trip failed");
            }
        }
        return new Object[]{deflater, inflater};
    }

    /**
     * What freeing zlib after every message costs in time, one pair, many messages: our classes
     * with and without context takeover (which also changes the compression), then the bare JDK
     * without context takeover, once re-using a Deflater/Inflater with reset() and once making
     * and ending them per message, which isolates the price of freeing.
     */
    private static void costPerMessage() throws DataFormatException {
        int messages = 20_000;
        for (boolean noContextTakeover : new boolean[]{false, true}) {
            MessageDeflater deflater = new MessageDeflater(noContextTakeover, 6, 8192);
            MessageInflater inflater = new MessageInflater(noContextTakeover, 8192);
            long compressedBytes = 0;
            long start = 0;
            for (int i = -messages; i < messages; i++) { // the first half warms up
                if (i == 0) {
                    start = System.nanoTime();
                    compressedBytes = 0;
                }
                byte[] message = MESSAGES[Math.floorMod(i, MESSAGES.length)];
                ByteBuffer compressed = deflater.deflate(ByteBuffer.wrap(message), true);
                compressedBytes += compressed.remaining();
                inflater.inflate(compressed, true, message.length, chunk -> chunk.position(chunk.limit()));
            }
            report(noContextTakeover ? "ours, no context takeover (zlib made+freed per message)"
                    : "ours, context takeover (zlib kept)", System.nanoTime() - start, messages, compressedBytes);
            deflater.release();
            inflater.release();
        }
        for (boolean freeEachTime : new boolean[]{false, true}) {
            Deflater deflater = new Deflater(6, true);
            Inflater inflater = new Inflater(true);
            byte[] compressed = new byte[MESSAGE.length * 2];
            byte[] plain = new byte[MESSAGE.length * 2];
            long compressedBytes = 0;
            long start = 0;
            for (int i = -messages; i < messages; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                    compressedBytes = 0;
                }
                byte[] message = MESSAGES[Math.floorMod(i, MESSAGES.length)];
                if (freeEachTime) {
                    deflater = new Deflater(6, true);
                    inflater = new Inflater(true);
                }
                deflater.setInput(message);
                int n = deflater.deflate(compressed, 0, compressed.length, Deflater.SYNC_FLUSH);
                compressedBytes += n - 4;
                inflater.setInput(compressed, 0, n);
                inflater.inflate(plain);
                if (freeEachTime) {
                    deflater.end();
                    inflater.end();
                } else {
                    deflater.reset();
                    inflater.reset();
                }
            }
            report(freeEachTime ? "bare JDK, new+end per message" : "bare JDK, reset() per message",
                    System.nanoTime() - start, messages, compressedBytes);
        }
    }

    private static void report(String what, long nanos, int messages, long compressedBytes) {
        System.out.printf("  %-56s %6.1f us per ~%d-byte message (deflate+inflate), %5d bytes compressed%n",
                what, nanos / 1000.0 / messages, MESSAGE.length, compressedBytes / messages);
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** RssAnon (anonymous resident memory) when the kernel reports it, else VmRSS, in KB. */
    private static long anonymousRssKb() throws IOException {
        long vmRss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("RssAnon:")) {
                return kb(line);
            }
            if (line.startsWith("VmRSS:")) {
                vmRss = kb(line);
            }
        }
        return vmRss;
    }

    private static long kb(String statusLine) {
        return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
    }

    /** JSON-ish text messages of about 4 KB, the kind of thing a session compresses. */
    private static byte[][] sampleMessages(int count) {
        Random random = new Random(42);
        byte[][] messages = new byte[count][];
        for (int m = 0; m < count; m++) {
            StringBuilder sb = new StringBuilder("[");
            while (sb.length() < 4000) {
                sb.append("{\"id\":").append(random.nextInt(100_000))
                        .append(",\"user\":\"user").append(random.nextInt(500))
                        .append("\",\"price\":").append(random.nextInt(10_000) / 100.0)
                        .append(",\"status\":\"").append(random.nextBoolean() ? "open" : "closed").append("\"},");
            }
            sb.setCharAt(sb.length() - 1, ']');
            messages[m] = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        return messages;
    }
}
