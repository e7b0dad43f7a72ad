package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs cases one after the other, each on its own connection; a case that throws is FAILED. */
public final class SuiteRunner {

    private final SuiteSettings settings;

    public SuiteRunner(SuiteSettings settings) {
        this.settings = settings;
    }

    public List<CaseResult> run(List<ConformanceCase> cases, Consumer<CaseResult> progress) {
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (ConformanceCase c : cases) {
            CaseResult result = run(c);
            progress.accept(result);
            results.add(result);
        }
        return results;
    }

    public CaseResult run(ConformanceCase c) {
        long start = System.nanoTime();
        Verdict verdict;
        try (Probe probe = new Probe(settings)) {
            verdict = c.body().run(probe);
        } catch (Exception e) {
            verdict = new Verdict(Grade.FAILED, CloseGrade.UNCLEAN, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new CaseResult(c.id(), c.description(), verdict, (System.nanoTime() - start) / 1_000_000);
    }
}
