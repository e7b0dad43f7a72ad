package dev.wsengine.tck.conformance;

/** Autobahn|Testsuite's grades of behaviour, best first. */
public enum Grade {
    /** Exactly what the RFC asks. */
    OK("OK"),
    /** Acceptable but not the best behaviour (a less precise close code, failing late instead of fast). */
    NON_STRICT("NON-STRICT"),
    /** The RFC leaves it open; what happened is recorded, not judged. */
    INFORMATIONAL("INFORMATIONAL"),
    /** An optional feature the server declines (allowed by the RFC). */
    UNIMPLEMENTED("UNIMPLEMENTED"),
    /** Against the RFC. */
    FAILED("FAILED");

    private final String label;

    Grade(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Grade ofLabel(String label) {
        for (Grade g : values()) {
            if (g.label.equalsIgnoreCase(label) || g.name().equalsIgnoreCase(label)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no grade '" + label + "' (OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED, FAILED)");
    }
}
