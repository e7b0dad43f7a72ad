package dev.wsengine.tck.conformance;

/**
 * One case of the suite: an id named for the behaviour ({@code section.what-happens}), a sentence
 * saying what is sent and what must come back, and the body that does it on a fresh connection.
 */
public record ConformanceCase(String id, String description, Body body) {

    /** Drives one connection and grades it. Exceptions count as FAILED with their message. */
    @FunctionalInterface
    public interface Body {
        Verdict run(Probe probe) throws Exception;
    }

    public String section() {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
