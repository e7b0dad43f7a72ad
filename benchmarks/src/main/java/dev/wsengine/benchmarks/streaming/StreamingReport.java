package dev.wsengine.benchmarks.streaming;

import dev.wsengine.benchmarks.harness.ServerKind;
import dev.wsengine.benchmarks.streaming.StreamingBench.Heap;
import dev.wsengine.benchmarks.streaming.StreamFigure.Run;
import dev.wsengine.benchmarks.streaming.StreamingBench.Series;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The streaming figure as a Markdown table: a column per server, rows per heap. */
final class StreamingReport {

    private StreamingReport() {
    }

    static String markdown(Instant began, double minutes, int runs, Map<Heap, Map<ServerKind, Series>> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("# Streaming a %d MiB message%n%nRun of %s, %.1f minutes. One binary message of %d MiB "
                        + "in %d KiB fragments from a raw socket into `/stream` (`InputStream`, count + CRC-32), "
                        + "%d measured runs after %s; MB/s = 10^6 bytes/s from the first byte written to the answer. "
                        + "Peak heap: `jstat -gc` every %d ms during the transfer, survivor + eden + old "
                        + "(garbage included); old = G1's old and humongous regions.%n%n",
                StreamingBench.MESSAGE_MIB, began, minutes, StreamingBench.MESSAGE_MIB,
                StreamFigure.FRAGMENT / 1024, runs, "one unrecorded warm-up transfer on the large heap",
                HeapSampler.INTERVAL_MS));
        Map<ServerKind, Series> first = results.values().iterator().next();
        md.append("| figure |");
        first.keySet().forEach(k -> md.append(' ').append(k.label()).append(" |"));
        md.append("\n|---|");
        first.keySet().forEach(k -> md.append("---|"));
        md.append('\n');
        for (Map.Entry<Heap, Map<ServerKind, Series>> e : results.entrySet()) {
            String flags = "`" + String.join(" ", e.getKey().flags()) + "`";
            row(md, "outcome, " + flags, e.getValue(), StreamingReport::outcome);
            row(md, "MB/s, median [min–max], " + flags, e.getValue(), s -> rate(s.runs()));
            row(md, "peak heap used during the transfer, MB (max of runs), " + flags, e.getValue(),
                    s -> peak(s.runs(), false));
            row(md, "peak old + humongous, MB (max of runs), " + flags, e.getValue(), s -> peak(s.runs(), true));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String figure, Map<ServerKind, Series> byServer,
            java.util.function.Function<Series, String> cell) {
        md.append("| ").append(figure).append(" |");
        byServer.values().forEach(s -> md.append(' ').append(cell.apply(s).replace("|", "\\|")).append(" |"));
        md.append('\n');
    }

    static String outcome(Series series) {
        List<Run> runs = series.runs();
        long fine = runs.stream().filter(Run::ok).count();
        String text = fine == runs.size() ? "fine ×" + fine
                : (fine > 0 ? "fine ×" + fine + ", then " : "") + runs.get(runs.size() - 1).outcome();
        return series.logNote().isEmpty() ? text : text + "; " + series.logNote();
    }

    static String rate(List<Run> runs) {
        double[] rates = runs.stream().filter(Run::ok).mapToDouble(Run::mbPerSecond).sorted().toArray();
        if (rates.length == 0) {
            return "—";
        }
        return String.format("%.0f [%.0f–%.0f]", rates[rates.length / 2], rates[0], rates[rates.length - 1]);
    }

    static String peak(List<Run> runs, boolean old) {
        long max = runs.stream().mapToLong(r -> old ? r.peakOld() : r.peakUsed()).max().orElse(-1);
        int fewest = runs.stream().mapToInt(Run::samples).min().orElse(0);
        return max < 0 ? "—" : String.format("%.0f (%d+ samples)", max / 1e6, fewest);
    }
}
