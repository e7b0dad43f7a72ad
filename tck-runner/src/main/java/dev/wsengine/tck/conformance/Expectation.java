package dev.wsengine.tck.conformance;

import java.util.List;
import java.util.Set;

/**
 * What a case expects back: messages and pongs in order, then how the connection should end.
 *
 * <ul>
 * <li>{@link End#NORMAL}: the suite closes with 1000 once everything came back; the server must
 * answer with 1000 (or an empty Close) and close TCP.</li>
 * <li>{@link End#CLIENT_CLOSED}: the case itself sent a Close with {@code echoCode}; the server
 * must echo it.</li>
 * <li>{@link End#FAIL}: the server must fail the connection with one of {@code okCodes}
 * ({@code nonStrictCodes} are tolerated).</li>
 * <li>{@link End#OPEN}: collecting stops once the items are in; the connection stays open for
 * the case to go on.</li>
 * </ul>
 */
public record Expectation(List<Received> items, End end, Set<Integer> okCodes, Set<Integer> nonStrictCodes, int echoCode) {

    public enum End { NORMAL, CLIENT_CLOSED, FAIL, OPEN }

    public static Expectation echo(Received... items) {
        return new Expectation(List.of(items), End.NORMAL, Set.of(1000), Set.of(), 0);
    }

    public static Expectation echo(List<Received> items) {
        return new Expectation(List.copyOf(items), End.NORMAL, Set.of(1000), Set.of(), 0);
    }

    /** The case sent Close {@code code} (-1: a Close without payload) after whatever produced {@code items}. */
    public static Expectation closeEcho(int code, Received... items) {
        return new Expectation(List.of(items), End.CLIENT_CLOSED, Set.of(), Set.of(), code);
    }

    /** The replies so far, with the connection left open. */
    public static Expectation sofar(Received... items) {
        return new Expectation(List.of(items), End.OPEN, Set.of(), Set.of(), 0);
    }

    public static Expectation fail(int code, Received... items) {
        return new Expectation(List.of(items), End.FAIL, Set.of(code), Set.of(), 0);
    }

    public Expectation tolerating(Integer... codes) {
        return new Expectation(items, end, okCodes, Set.of(codes), echoCode);
    }

    public Expectation alsoOk(Integer... codes) {
        java.util.Set<Integer> ok = new java.util.TreeSet<>(okCodes);
        ok.addAll(List.of(codes));
        return new Expectation(items, end, Set.copyOf(ok), nonStrictCodes, echoCode);
    }
}
