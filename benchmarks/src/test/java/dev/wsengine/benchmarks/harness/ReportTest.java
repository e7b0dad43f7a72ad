package dev.wsengine.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static List<Measurement> threeRuns() {
        List<Measurement> all = new ArrayList<>();
        double[][] text = {{3.0, 2.8, 3.4}, {4.6, 4.4, 4.9}, {3.8, 3.9, 3.7}, {5.6, 5.5, 5.8}};
        ServerKind[] kinds = {ServerKind.OURS_JETTY, ServerKind.JETTY, ServerKind.TOMCAT, ServerKind.TYRUS};
        for (int k = 0; k < kinds.length; k++) {
            for (int run = 0; run < 3; run++) {
                all.add(new Measurement(run, kinds[k], Metric.TEXT64_CPU, text[k][run], 0.3));
                all.add(new Measurement(run, kinds[k], Metric.IDLE_HEAP, 10_000 + 1000 * k + run, Double.NaN));
            }
        }
        return all;
    }

    @Test
    void summaryHasExactlyOneLinePerHeadlineFigureInTheAgreedForm() {
        String text = Report.summaryLines(new Summary(threeRuns()));
        List<String> lines = Arrays.asList(text.split("\n"));
        assertEquals(List.of("text64-cpu-us", "bin16k-cpu-us", "idle-heap-bytes", "handshake-cpu-us", "p99-us", "stream-mb-per-s",
                "stream-heap-mb", "fresh-p99-us"),
                lines.stream().map(l -> l.substring(0, l.indexOf(' '))).toList());
        assertEquals("text64-cpu-us ours=3.00 best=3.80 peer=tomcat ratio=0.789", lines.get(0));
        assertEquals("idle-heap-bytes ours=10001 best=11001 peer=jetty ratio=0.909", lines.get(2));
        assertEquals("bin16k-cpu-us ours=n/a best=n/a peer=n/a ratio=n/a", lines.get(1));
        for (String line : lines) {
            assertTrue(line.matches("[a-z0-9-]+ ours=\\S+ best=\\S+ peer=\\S+ ratio=\\S+"), line);
        }
    }

    @Test
    void aFigureThatFailedOnAServerSaysSoInItsCell() {
        List<Measurement> all = new ArrayList<>(threeRuns());
        all.add(new Measurement(0, ServerKind.JETTY, Metric.STREAM_RATE, 300, Double.NaN));
        Summary summary = new Summary(all);
        summary.markFailed(Metric.STREAM_RATE, ServerKind.TOMCAT);
        summary.markFailed(Metric.STREAM_RATE, ServerKind.JETTY);
        String row = Arrays.stream(Report.table(summary).split("\n")).filter(l -> l.startsWith("| MB/s, one 100 MiB")).findFirst()
                .orElseThrow();
        assertTrue(row.contains("(higher is better)"), row);
        assertTrue(row.contains("| 300, a run failed | failed |"), row);
    }

    @Test
    void tableShowsMedianAndRangeAndTheRatioToTheBestPeer() {
        String table = Report.table(new Summary(threeRuns()));
        String row = Arrays.stream(table.split("\n")).filter(l -> l.startsWith("| server CPU µs per message, 64 B")).findFirst().orElseThrow();
        assertTrue(row.contains("| 3.00 [2.80–3.40] |"), row);
        assertTrue(row.contains("| 3.80 [3.70–3.90] |"), row);
        assertTrue(row.endsWith("| 0.79 (tomcat) |"), row);
        // One header row, one separator, one row per figure measured: a mode's table holds only its own figures.
        long measured = Arrays.stream(Metric.values()).filter(m -> threeRuns().stream().anyMatch(x -> x.metric() == m)).count();
        assertEquals(2 + measured, table.split("\n").length);
        assertTrue(Arrays.stream(table.split("\n")).noneMatch(l -> l.startsWith("| handshakes/s")), table);
        assertEquals("| figure | ours on Jetty 12.1 | Jetty 12.1 EE11 | Tomcat 11 | Tyrus 2.2 + Grizzly | Undertow 2.3 | ours on Tomcat 11"
                + " | ours on Undertow 2.3 | ours ÷ best peer |", table.split("\n")[0]);
    }

    @Test
    void theBaselineIsReportedBesideTheTableAndIsNeverTheBestPeer() {
        List<Measurement> all = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            all.add(new Measurement(run, ServerKind.OURS_JETTY, Metric.P99, 900 + run, 0.1));
            all.add(new Measurement(run, ServerKind.TYRUS, Metric.P99, 1200 + run, 0.1));
            all.add(new Measurement(run, ServerKind.BASELINE, Metric.P99, 300 + 100 * run, 0.1));
            all.add(new Measurement(run, ServerKind.BASELINE, Metric.P50, 90, 0.1));
            all.add(new Measurement(run, ServerKind.BASELINE, Metric.SLOW_BURSTS, 2 + run, 0.1));
        }
        Summary summary = new Summary(all);
        assertEquals(ServerKind.TYRUS, summary.compare(Metric.P99).orElseThrow().peer());
        String line = Report.baselineLine(summary);
        assertTrue(line.contains("p99 400 [300–500]"), line);
        assertTrue(line.contains("p50 90.0 [90.0–90.0]"), line);
        assertTrue(line.contains("slow bursts per second 3.00 [2.00–4.00]"), line);
        assertTrue(!Report.table(summary).contains("baseline"), "the baseline is no column of the table");
        assertEquals("Latency baseline: not measured.", Report.baselineLine(new Summary(threeRuns())));
    }

    @Test
    void numbersAreGroupedAndRoundedForReading() {
        assertEquals("12,345", Report.number(12_345.4));
        assertEquals("343", Report.number(343.2));
        assertEquals("23.0", Report.number(23.04));
        assertEquals("3.80", Report.number(3.8));
        assertEquals("—", Report.number(Double.NaN));
    }

    @Test
    void chartIsAPngOfTheStatedSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("chart.png");
        Chart.write(new Summary(threeRuns()), "test", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1100, image.getWidth());
        assertEquals(560, image.getHeight());
        assertTrue(Files.size(png) > 1000);
    }
}
