package dev.wsengine.tck.conformance;

/** The grades of one case and why, in words a reader of the report can act on. */
public record Verdict(Grade grade, CloseGrade close, String detail) {

    public static Verdict ok(CloseGrade close, String detail) {
        return new Verdict(Grade.OK, close, detail);
    }

    public Verdict withGrade(Grade grade, String why) {
        return new Verdict(grade, close, why + (detail.isEmpty() ? "" : "; " + detail));
    }

    /** {@code GRADE} or {@code GRADE+UNCLEAN}: the form the accepted list uses. */
    public String outcome() {
        return grade.label() + (close == CloseGrade.UNCLEAN ? "+UNCLEAN" : "");
    }
}
