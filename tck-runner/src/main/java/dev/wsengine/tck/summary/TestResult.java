package dev.wsengine.tck.summary;

/** The outcome of one test and, for a failure, the first line of what went wrong. */
public record TestResult(Outcome outcome, String message) {

    public static TestResult passed() {
        return new TestResult(Outcome.PASSED, "");
    }
}
