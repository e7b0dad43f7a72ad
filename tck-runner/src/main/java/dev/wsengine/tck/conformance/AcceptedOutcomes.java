package dev.wsengine.tck.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases allowed not to be OK, one a line: {@code <case-id> <outcome> <reason>}, where the
 * outcome is a grade, with {@code +UNCLEAN} when the close is unclean too ({@code UNIMPLEMENTED},
 * {@code NON-STRICT+UNCLEAN}). Everything not listed must be OK (or INFORMATIONAL) with a clean
 * close. A listed case must come out exactly as listed: a better outcome fails too, so that the
 * line is deleted and the list only shrinks.
 */
public final class AcceptedOutcomes {

    public record Entry(String id, String outcome, String reason) {
    }

    private final Map<String, Entry> entries;

    private AcceptedOutcomes(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static AcceptedOutcomes none() {
        return new AcceptedOutcomes(Map.of());
    }

    /** Reads every file that exists; a missing file lists nothing. */
    public static AcceptedOutcomes read(List<Path> files) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                entries.putAll(parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
            }
        }
        return new AcceptedOutcomes(entries);
    }

    static Map<String, Entry> parse(List<String> lines, String source) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 3) {
                throw new IllegalArgumentException(source + ":" + (n + 1) + ": expected '<case-id> <outcome> <reason>', got '" + line + "'");
            }
            String outcome = parts[1].toUpperCase();
            Grade.ofLabel(outcome.replace("+UNCLEAN", ""));
            entries.put(parts[0], new Entry(parts[0], outcome, parts[2]));
        }
        return entries;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Whether an unlisted case may come out this way. */
    static boolean acceptableUnlisted(Verdict v) {
        return (v.grade() == Grade.OK || v.grade() == Grade.INFORMATIONAL) && v.close() != CloseGrade.UNCLEAN;
    }

    /** What is wrong with these results, one line each; empty when they are as accepted. */
    public List<String> problems(List<CaseResult> results) {
        List<String> problems = new ArrayList<>();
        Map<String, Entry> unseen = new LinkedHashMap<>(entries);
        for (CaseResult r : results) {
            Entry entry = unseen.remove(r.id());
            String outcome = r.verdict().outcome();
            if (entry == null) {
                if (!acceptableUnlisted(r.verdict())) {
                    problems.add(r.id() + ": " + outcome + " (not accepted): " + r.verdict().detail());
                }
            } else if (!entry.outcome().equals(outcome)) {
                problems.add(r.id() + ": " + outcome + ", listed as " + entry.outcome()
                        + (acceptableUnlisted(r.verdict()) ? " (better: delete the line)" : "") + ": " + r.verdict().detail());
            }
        }
        return problems;
    }
}
