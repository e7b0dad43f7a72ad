package dev.wsengine.tck.conformance;

/** One case's verdict and how long it took. */
public record CaseResult(String id, String description, Verdict verdict, long millis) {

    public boolean isOk() {
        return verdict.grade() == Grade.OK && verdict.close() != CloseGrade.UNCLEAN;
    }
}
