package dev.wsengine.tck.summary;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges a TCK run: counts per area, the failing tests (expected, with the listed reason, or
 * not), the listed tests that pass now, and the verdict. The run is good only when every failure
 * is listed and every listed test still fails, so the list can only shrink.
 */
public final class SummaryReport {

    static final List<String> AREAS = List.of("api", "ee", "negdep", "spec", "signature");

    private final String artifact;
    private final Map<TestId, TestResult> outcomes = new TreeMap<>();
    private final Map<TestId, TestResult> runnerChecks = new TreeMap<>();
    private final Map<TestId, String> expected;
    private final List<TestId> unexpectedFailures = new ArrayList<>();
    private final List<TestId> passingButListed = new ArrayList<>();
    private final List<TestId> listedButUnknown = new ArrayList<>();
    private final List<TestId> intermittentPassing = new ArrayList<>();
    private final boolean subset;

    /**
     * @param catalog  every test of the TCK (empty if discovery found none)
     * @param reports  what failsafe reported
     * @param expected the expected failures with their reasons
     * @param subset   true when only some classes were run: judge only the tests that ran
     */
    public SummaryReport(String artifact, Set<TestId> catalog, FailsafeReports reports,
                         Map<TestId, String> expected, boolean subset) {
        this.artifact = artifact;
        this.expected = expected;
        this.subset = subset;
        Set<TestId> universe = new TreeSet<>();
        reports.results().keySet().stream().filter(TestId::isTck).forEach(universe::add);
        if (!subset) {
            universe.addAll(catalog);
        }
        for (TestId id : universe) {
            TestResult result = reports.results().get(id);
            if (result == null) {
                String why = reports.classErrors().getOrDefault(id.className(),
                        "no report: its class did not run or its fork died (see failsafe-reports)");
                result = new TestResult(Outcome.NOT_RUN, why);
            }
            outcomes.put(id, result);
        }
        reports.results().forEach((id, result) -> {
            if (!id.isTck()) {
                runnerChecks.put(id, result);
            }
        });
        judge();
    }

    private void judge() {
        outcomes.forEach((id, result) -> {
            boolean listed = expected.containsKey(id);
            if (result.outcome().countsAsFailure() && !listed) {
                unexpectedFailures.add(id);
            } else if (result.outcome() == Outcome.PASSED && listed) {
                (ExpectedFailures.isIntermittent(expected.get(id)) ? intermittentPassing : passingButListed).add(id);
            }
        });
        if (!subset) {
            expected.keySet().stream().filter(id -> !outcomes.containsKey(id)).forEach(listedButUnknown::add);
        }
    }

    public boolean ok() {
        return !outcomes.isEmpty() && unexpectedFailures.isEmpty() && passingButListed.isEmpty()
                && listedButUnknown.isEmpty() && runnerChecks.values().stream().noneMatch(r -> r.outcome().countsAsFailure());
    }

    public int total() {
        return outcomes.size();
    }

    public int count(Outcome... kinds) {
        return (int) outcomes.values().stream().filter(r -> List.of(kinds).contains(r.outcome())).count();
    }

    public List<TestId> unexpectedFailures() {
        return unexpectedFailures;
    }

    public List<TestId> passingButListed() {
        return passingButListed;
    }

    public List<TestId> listedButUnknown() {
        return listedButUnknown;
    }

    /** The first line of the text: {@code TCK: N passed, N failed, N skipped of N}. */
    public String headline() {
        return "TCK: " + count(Outcome.PASSED) + " passed, " + count(Outcome.FAILED, Outcome.NOT_RUN) + " failed, "
                + count(Outcome.SKIPPED) + " skipped of " + total();
    }

    public String render() {
        return render("");
    }

    /** The whole summary, with {@code extraSection} (already formatted) just before the verdict. */
    public String render(String extraSection) {
        StringBuilder out = new StringBuilder();
        out.append(headline()).append(subset ? "  (subset run: only the classes that ran are judged)" : "")
                .append("\n").append("Tests: ").append(artifact).append("\n\n");
        renderAreas(out);
        renderFailures(out);
        renderList(out, "Listed as expected failures but PASSING now (remove them from the list):", passingButListed);
        renderList(out, "Listed as expected failures but not in the TCK (typo or renamed?):", listedButUnknown);
        renderList(out, "Listed as intermittent, passed this time:", intermittentPassing);
        if (!runnerChecks.isEmpty()) {
            out.append("\nRunner self-checks:\n");
            runnerChecks.forEach((id, r) -> out.append("  ").append(r.outcome()).append("  ").append(id)
                    .append(r.message().isEmpty() ? "" : "  -- " + r.message()).append("\n"));
        }
        out.append(extraSection);
        out.append("\nVerdict: ").append(ok() ? "OK, every failure is expected and listed"
                : "FAILED (" + unexpectedFailures.size() + " unexpected failures, " + passingButListed.size()
                + " listed tests passing, " + listedButUnknown.size() + " unknown entries"
                + (outcomes.isEmpty() ? ", no TCK test ran" : "") + ")").append("\n");
        return out.toString();
    }

    private void renderAreas(StringBuilder out) {
        Map<String, Map<Outcome, Integer>> byArea = new LinkedHashMap<>();
        AREAS.forEach(area -> byArea.put(area, new EnumMap<>(Outcome.class)));
        outcomes.forEach((id, r) -> byArea.computeIfAbsent(id.area(), a -> new EnumMap<>(Outcome.class))
                .merge(r.outcome(), 1, Integer::sum));
        out.append(String.format("%-10s %7s %7s %8s %7s%n", "area", "passed", "failed", "skipped", "total"));
        byArea.forEach((area, counts) -> {
            int passed = counts.getOrDefault(Outcome.PASSED, 0);
            int failed = counts.getOrDefault(Outcome.FAILED, 0) + counts.getOrDefault(Outcome.NOT_RUN, 0);
            int skipped = counts.getOrDefault(Outcome.SKIPPED, 0);
            out.append(String.format("%-10s %7d %7d %8d %7d%n", area, passed, failed, skipped, passed + failed + skipped));
        });
    }

    private void renderFailures(StringBuilder out) {
        List<TestId> failing = outcomes.entrySet().stream()
                .filter(e -> e.getValue().outcome().countsAsFailure()).map(Map.Entry::getKey).toList();
        if (failing.isEmpty()) {
            return;
        }
        out.append("\nFailing tests (").append(failing.size()).append(", ")
                .append(unexpectedFailures.size()).append(" not in the expected failures):\n");
        for (TestId id : failing) {
            TestResult r = outcomes.get(id);
            String reason = expected.get(id);
            out.append(reason == null ? "  UNEXPECTED " : "  expected   ").append(id)
                    .append(r.outcome() == Outcome.NOT_RUN ? "  [not run]" : "").append("\n")
                    .append("      ").append(r.message().isEmpty() ? "(no message)" : r.message()).append("\n");
            if (reason != null) {
                out.append("      listed: ").append(reason).append("\n");
            }
        }
    }

    private static void renderList(StringBuilder out, String title, List<TestId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        out.append("\n").append(title).append("\n");
        ids.forEach(id -> out.append("  ").append(id).append("\n"));
    }
}
