package dev.wsengine.benchmarks.harness;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the markdown table and the one-line-per-headline summary from a {@link Summary}. */
final class Report {

    static final List<ServerKind> COLUMNS = List.of(ServerKind.OURS_JETTY, ServerKind.JETTY, ServerKind.TOMCAT,
            ServerKind.TYRUS, ServerKind.UNDERTOW, ServerKind.OURS_TOMCAT, ServerKind.OURS_UNDERTOW);

    private Report() {
    }

    /** The table: one row per metric, median [min–max] per server, and ours ÷ best peer. */
    static String table(Summary summary) {
        StringBuilder out = new StringBuilder();
        out.append("| figure |");
        for (ServerKind k : COLUMNS) {
            out.append(' ').append(k.label).append(" |");
        }
        out.append(" ours ÷ best peer |\n|---|");
        out.append("---|".repeat(COLUMNS.size())).append("---|\n");
        for (Metric metric : Metric.values()) {
            if (COLUMNS.stream().noneMatch(k -> summary.cell(metric, k).isPresent() || summary.failed(metric, k))) {
                continue; // a figure this mode does not measure (the ws client's, or all but those)
            }
            out.append("| ").append(metric.label).append(metric.lowerIsBetter ? " (lower is better)" : " (higher is better)").append(" |");
            for (ServerKind k : COLUMNS) {
                Optional<Summary.Cell> cell = summary.cell(metric, k);
                // A run that failed is named in the cell, beside the other runs' figures if any: see the report's failures.
                String text = cell.map(Report::cell).orElse(summary.failed(metric, k) ? "failed" : "—");
                if (cell.isPresent() && summary.failed(metric, k)) {
                    text += ", a run failed";
                }
                out.append(' ').append(text).append(" |");
            }
            Optional<Summary.Comparison> cmp = summary.compare(metric);
            out.append(' ').append(cmp.map(c -> number(c.ratio()) + " (" + c.peer().id + ")").orElse("—")).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The latency figure of the blocking echo baseline: what this machine does to the round trips of
     * the simplest design, so that a server's tail can be read against it rather than against zero.
     */
    static String baselineLine(Summary summary) {
        Optional<Summary.Cell> p99 = summary.cell(Metric.P99, ServerKind.BASELINE);
        if (p99.isEmpty()) {
            return "Latency baseline: not measured.";
        }
        return "Latency baseline, the same figure in the same run on a blocking echo of a few dozen lines (a thread per connection,"
                + " no framework; `servers/BaselineEcho.java`), µs: p50 " + summary.cell(Metric.P50, ServerKind.BASELINE).map(Report::cell).orElse("—")
                + ", p99 " + cell(p99.get()) + ", p99.9 " + summary.cell(Metric.P999, ServerKind.BASELINE).map(Report::cell).orElse("—")
                + "; slow bursts per second " + summary.cell(Metric.SLOW_BURSTS, ServerKind.BASELINE).map(Report::cell).orElse("—")
                + ". A reference, not a lower bound: it wakes a thread per message, and a server that wakes fewer can come in below it.";
    }

    static String cell(Summary.Cell c) {
        String s = number(c.median());
        if (c.runs() > 1) {
            s += " [" + number(c.min()) + "–" + number(c.max()) + "]";
        }
        return c.clientBound() ? s + " †" : s;
    }

    /** bench-summary.txt: exactly one line per headline figure, {@code NAME ours=X best=Y peer=P ratio=R}. */
    static String summaryLines(Summary summary) {
        StringBuilder out = new StringBuilder();
        for (Metric metric : Metric.values()) {
            if (!metric.headline) {
                continue;
            }
            Optional<Summary.Comparison> cmp = summary.compare(metric);
            out.append(metric.id).append(' ');
            if (cmp.isPresent()) {
                Summary.Comparison c = cmp.get();
                out.append(String.format(Locale.ROOT, "ours=%s best=%s peer=%s ratio=%s",
                        plain(c.ours()), plain(c.best()), c.peer().id, plain(c.ratio())));
            } else {
                out.append("ours=").append(summary.cell(metric, ServerKind.OURS_JETTY).map(c -> plain(c.median())).orElse("n/a"))
                        .append(" best=n/a peer=n/a ratio=n/a");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Three significant-ish digits, thousands grouped, for the table. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Machine-readable: no grouping, enough digits. */
    static String plain(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 1 ? "%.2f" : "%.3f", v);
    }
}
