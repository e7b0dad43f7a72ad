package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6455 section 8.1 (and RFC 3629): text must be UTF-8; invalid text fails the connection
 * with 1007, as soon as the invalid byte is seen.
 */
final class Utf8Cases {

    /** Valid text with 2-, 3- and 4-byte sequences: "κόσμε-€-😀". */
    static final byte[] MIXED = WireFrame.utf8("\u03ba\u1f79\u03c3\u03bc\u03b5-\u20ac-\ud83d\ude00");
    private static final byte[] KOSME = WireFrame.utf8("\u03ba\u1f79\u03c3\u03bc\u03b5");

    private Utf8Cases() {
    }

    private record Sample(String name, byte[] bytes) {
    }

    private static List<Sample> valid() {
        return List.of(
                new Sample("greek-kosme", KOSME),
                new Sample("latin-mix", WireFrame.utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!")),
                new Sample("u+0080", Cases.bytes(0xC2, 0x80)),
                new Sample("u+07ff", Cases.bytes(0xDF, 0xBF)),
                new Sample("u+0800", Cases.bytes(0xE0, 0xA0, 0x80)),
                new Sample("u+d7ff", Cases.bytes(0xED, 0x9F, 0xBF)),
                new Sample("u+e000", Cases.bytes(0xEE, 0x80, 0x80)),
                new Sample("u+fffd", Cases.bytes(0xEF, 0xBF, 0xBD)),
                new Sample("u+feff-bom", Cases.bytes(0xEF, 0xBB, 0xBF, 0x61)),
                new Sample("u+ffff", Cases.bytes(0xEF, 0xBF, 0xBF)),
                new Sample("u+10000", Cases.bytes(0xF0, 0x90, 0x80, 0x80)),
                new Sample("u+10ffff", Cases.bytes(0xF4, 0x8F, 0xBF, 0xBF)),
                new Sample("mixed-widths", MIXED));
    }

    private static List<Sample> invalid() {
        return List.of(
                new Sample("lone-continuation-80", Cases.bytes(0x61, 0x80, 0x61)),
                new Sample("lone-continuation-bf", Cases.bytes(0xBF)),
                new Sample("overlong-nul-c0-80", Cases.bytes(0xC0, 0x80)),
                new Sample("overlong-c1-bf", Cases.bytes(0xC1, 0xBF)),
                new Sample("overlong-3-byte-e0-80-80", Cases.bytes(0xE0, 0x80, 0x80)),
                new Sample("overlong-3-byte-e0-9f-bf", Cases.bytes(0xE0, 0x9F, 0xBF)),
                new Sample("overlong-4-byte-f0-8f-bf-bf", Cases.bytes(0xF0, 0x8F, 0xBF, 0xBF)),
                new Sample("surrogate-d800", Cases.bytes(0xED, 0xA0, 0x80)),
                new Sample("surrogate-dfff", Cases.bytes(0xED, 0xBF, 0xBF)),
                new Sample("surrogate-pair-d800-dc00", Cases.bytes(0xED, 0xA0, 0x80, 0xED, 0xB0, 0x80)),
                new Sample("beyond-u+10ffff-f4-90", Cases.bytes(0xF4, 0x90, 0x80, 0x80)),
                new Sample("byte-f5", Cases.bytes(0xF5, 0x80, 0x80, 0x80)),
                new Sample("5-byte-form-f8", Cases.bytes(0xF8, 0x88, 0x80, 0x80, 0x80)),
                new Sample("6-byte-form-fc", Cases.bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80)),
                new Sample("byte-fe", Cases.bytes(0xFE)),
                new Sample("byte-ff", Cases.bytes(0xFF)),
                new Sample("truncated-2-byte-at-end", Cases.concat(KOSME, Cases.bytes(0xCE))),
                new Sample("truncated-3-byte-at-end", Cases.bytes(0x61, 0xE2, 0x82)),
                new Sample("truncated-4-byte-at-end", Cases.bytes(0xF0, 0x9F, 0x98)),
                new Sample("surrogate-inside-valid-text", Cases.concat(KOSME, Cases.bytes(0xED, 0xA0, 0x80), WireFrame.utf8("edited"))));
    }

    /** Prefixes that are invalid by their last byte, whatever would follow. */
    private static List<Sample> failFast() {
        return List.of(
                new Sample("c0", Cases.bytes(0xC0)),
                new Sample("f5", Cases.bytes(0xF5)),
                new Sample("lone-80", Cases.bytes(0x80)),
                new Sample("surrogate-ed-a0", Cases.bytes(0xED, 0xA0)),
                new Sample("overlong-e0-80", Cases.bytes(0xE0, 0x80)),
                new Sample("beyond-u+10ffff-f4-90", Cases.bytes(0xF4, 0x90)),
                new Sample("fe", Cases.bytes(0xFE)));
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (Sample s : valid()) {
            cases.add(Cases.echo("utf8.echoes-valid-" + s.name(), "valid text " + Cases.hex(s.bytes()) + " is echoed",
                    Cases.frames(WireFrame.text(s.bytes())), Received.text(s.bytes())));
        }
        for (int at = 1; at < MIXED.length; at++) {
            int split = at;
            cases.add(Cases.echo("utf8.echoes-text-split-at-byte-" + split,
                    "valid text split into two frames after byte " + split + " of " + MIXED.length + " comes back intact",
                    Cases.frames(WireFrame.text(Cases.slice(MIXED, 0, split)).fin(false),
                            WireFrame.continuation(Cases.slice(MIXED, split, MIXED.length))),
                    Received.text(MIXED)));
        }
        WireFrame[] oneByteFrames = new WireFrame[MIXED.length];
        for (int i = 0; i < MIXED.length; i++) {
            oneByteFrames[i] = new WireFrame(i == MIXED.length - 1, 0, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION, Cases.slice(MIXED, i, i + 1));
        }
        cases.add(Cases.echo("utf8.echoes-text-in-one-byte-frames", "valid multi-byte text in frames of one byte each comes back intact",
                oneByteFrames, Received.text(MIXED)));
        for (Sample s : invalid()) {
            cases.add(Cases.fails("utf8.fails-invalid-" + s.name() + "-with-1007",
                    "text " + Cases.hex(s.bytes()) + " in one frame fails the connection with 1007",
                    Expectation.fail(1007).tolerating(1002), WireFrame.text(s.bytes())));
        }
        cases.add(Cases.fails("utf8.fails-invalid-in-continuation-with-1007",
                "valid first fragment, overlong C0 80 in the final continuation: 1007",
                Expectation.fail(1007).tolerating(1002), WireFrame.text(KOSME).fin(false), WireFrame.continuation(Cases.bytes(0xC0, 0x80))));
        cases.add(Cases.fails("utf8.fails-sequence-truncated-by-message-end-with-1007",
                "a 3-byte sequence started in one fragment and not finished by the final one: 1007",
                Expectation.fail(1007).tolerating(1002), WireFrame.text(Cases.bytes(0x61, 0xE2)).fin(false), WireFrame.continuation(Cases.bytes(0x82))));
        for (Sample s : failFast()) {
            cases.add(failFastFragment(s));
        }
        cases.add(failFastInsideFrame());
        return cases;
    }

    /**
     * The invalid prefix in a non-final fragment: the server must fail with 1007 before the rest
     * of the message is sent. Failing only once the rest is sent is NON-STRICT (not fast).
     */
    private static ConformanceCase failFastFragment(Sample s) {
        byte[] prefix = Cases.concat(KOSME, s.bytes());
        return new ConformanceCase("utf8.fails-fast-on-" + s.name() + "-in-unfinished-message",
                "'" + Cases.hex(prefix) + "' in a non-final fragment: 1007 without waiting for the rest of the message",
                probe -> {
                    probe.open();
                    probe.send(WireFrame.text(prefix).fin(false));
                    return failFastVerdict(probe, () -> probe.send(WireFrame.continuation(WireFrame.utf8("rest of it"))));
                });
    }

    /** The invalid byte in the first part of one frame whose remaining bytes are held back. */
    private static ConformanceCase failFastInsideFrame() {
        byte[] prefix = Cases.concat(KOSME, Cases.bytes(0xF5));
        byte[] rest = Cases.ascii(200);
        return new ConformanceCase("utf8.fails-fast-inside-one-frame",
                "one final text frame announcing " + (prefix.length + rest.length) + " bytes, of which only the first "
                        + prefix.length + " (ending in F5) are sent: 1007 without waiting for the rest",
                probe -> {
                    probe.open();
                    byte[] mask = FrameEncoder.randomMask();
                    byte[] frame = FrameEncoder.encode(WireFrame.text(Cases.concat(prefix, rest)), mask, FrameEncoder.LengthForm.MINIMAL);
                    int split = frame.length - rest.length;
                    probe.sendRaw(Cases.slice(frame, 0, split));
                    return failFastVerdict(probe, () -> probe.sendRaw(Cases.slice(frame, split, frame.length)));
                });
    }

    private static Verdict failFastVerdict(Probe probe, Runnable sendRest) {
        Expectation expected = Expectation.fail(1007).tolerating(1002);
        Observation seen = probe.await(expected, probe.settings().failFastWindow());
        if (!seen.closeSeen && !seen.tcpClosed) {
            sendRest.run();
            Verdict late = probe.expect(expected);
            return late.grade() == Grade.OK || late.grade() == Grade.NON_STRICT
                    ? late.withGrade(Grade.NON_STRICT, "failed only after the rest of the message was sent, not within "
                    + probe.settings().failFastWindow().toMillis() + " ms of the invalid byte")
                    : late;
        }
        return Grader.grade(expected, seen);
    }
}
