package dev.wsengine.tck.conformance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The plain-text report: counts per grade and close grade, every case not OK with why, then all cases. */
public final class ReportWriter {

    private ReportWriter() {
    }

    public static String write(String target, List<CaseResult> results, AcceptedOutcomes accepted, List<String> problems) {
        Map<Grade, Integer> grades = new EnumMap<>(Grade.class);
        Map<CloseGrade, Integer> closes = new EnumMap<>(CloseGrade.class);
        long millis = 0;
        for (CaseResult r : results) {
            grades.merge(r.verdict().grade(), 1, Integer::sum);
            closes.merge(r.verdict().close(), 1, Integer::sum);
            millis += r.millis();
        }
        StringBuilder out = new StringBuilder();
        out.append("Wire conformance (RFC 6455 / RFC 7692): ").append(target).append('\n');
        out.append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(", ").append(results.size()).append(" cases in ")
                .append(String.format("%.1f", millis / 1000.0)).append(" s\n\n");
        StringBuilder line = new StringBuilder();
        for (Grade g : Grade.values()) {
            line.append(g.label()).append(' ').append(grades.getOrDefault(g, 0)).append("   ");
        }
        out.append(line.toString().strip()).append('\n');
        out.append("close: clean ").append(closes.getOrDefault(CloseGrade.CLEAN, 0))
                .append("   unclean ").append(closes.getOrDefault(CloseGrade.UNCLEAN, 0))
                .append("   no connection (handshake refusals) ").append(closes.getOrDefault(CloseGrade.NONE, 0)).append("\n\n");
        out.append(problems.isEmpty() ? "Verdict: as accepted\n" : "Verdict: " + problems.size() + " case(s) worse or better than accepted\n");
        for (String p : problems) {
            out.append("  ").append(p).append('\n');
        }
        out.append("\nNot OK (").append(results.stream().filter(r -> !r.isOk()).count()).append("):\n");
        for (CaseResult r : results) {
            if (!r.isOk()) {
                AcceptedOutcomes.Entry entry = accepted.entries().get(r.id());
                out.append(String.format("  %-64s %-20s %s%n", r.id(), r.verdict().outcome(), r.verdict().detail()));
                if (entry != null) {
                    out.append(String.format("  %-64s %-20s accepted: %s%n", "", "", entry.reason()));
                }
            }
        }
        out.append("\nAll cases:\n");
        for (CaseResult r : results) {
            out.append(String.format("  %-64s %-20s %6d ms  %s%n", r.id(), r.verdict().outcome(), r.millis(), r.description()));
        }
        return out.toString();
    }
}
