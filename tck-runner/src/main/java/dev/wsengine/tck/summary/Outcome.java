package dev.wsengine.tck.summary;

/** What happened to one test. */
public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED,
    /** In the TCK but in no report: its class failed before its tests ran, or its fork died. */
    NOT_RUN;

    public boolean countsAsFailure() {
        return this == FAILED || this == NOT_RUN;
    }
}
