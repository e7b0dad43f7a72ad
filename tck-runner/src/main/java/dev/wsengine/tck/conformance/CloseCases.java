package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/** RFC 6455 sections 5.5.1 and 7: the closing handshake, status codes and reasons. */
final class CloseCases {

    static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    static final int[] INVALID = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535};
    /** Registered with IANA after RFC 6455 (service restart, try again later, bad gateway). */
    static final int[] REGISTERED_LATER = {1012, 1013, 1014};

    private CloseCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(closes("close.echoes-close-without-payload", "a Close without payload is answered with a Close and TCP closed",
                -1, WireFrame.closeRaw(new byte[0])));
        cases.add(closes("close.echoes-1000-with-reason", "Close 1000 with a reason is answered with 1000",
                1000, WireFrame.close(1000, "going home")));
        for (int code : VALID) {
            cases.add(closes("close.echoes-code-" + code, "Close " + code + " is answered with " + code, code, WireFrame.close(code, "")));
        }
        for (int code : INVALID) {
            cases.add(Cases.fails("close.fails-invalid-code-" + code + "-with-1002",
                    "Close with status code " + code + " (not allowed on the wire) fails the connection with 1002",
                    Expectation.fail(1002), WireFrame.close(code, "")));
        }
        for (int code : REGISTERED_LATER) {
            cases.add(new ConformanceCase("close.code-" + code + "-registered-after-the-rfc",
                    "Close " + code + " (IANA-registered after RFC 6455): echoed or refused with 1002, both recorded", probe -> {
                        probe.open();
                        probe.send(WireFrame.close(code, ""));
                        Verdict echoed = probe.expect(Expectation.closeEcho(code));
                        Observation seen = probe.observation();
                        if (echoed.grade() == Grade.OK) {
                            return new Verdict(Grade.INFORMATIONAL, echoed.close(), "echoed " + code);
                        }
                        if (seen.closeSeen && seen.closeCode == 1002) {
                            return new Verdict(Grade.INFORMATIONAL, echoed.close(), "refused with 1002");
                        }
                        return echoed;
                    }));
        }
        cases.add(Cases.fails("close.fails-one-byte-payload-with-1002", "a Close whose payload is one byte fails the connection with 1002",
                Expectation.fail(1002), WireFrame.closeRaw(Cases.bytes(0x03))));
        cases.add(closes("close.echoes-123-byte-reason", "Close 1000 with a reason of 123 bytes (the most there is room for) is answered",
                1000, WireFrame.close(1000, Cases.ascii(123))));
        cases.add(Cases.fails("close.fails-124-byte-reason-with-1002", "a Close of 126 bytes (code + 124-byte reason) fails the connection with 1002",
                Expectation.fail(1002), WireFrame.close(1000, Cases.ascii(124))));
        cases.add(Cases.fails("close.fails-reason-not-utf8-with-1007", "Close 1000 with a reason that is not UTF-8 fails the connection with 1007",
                Expectation.fail(1007).tolerating(1002), WireFrame.close(1000, Cases.concat(KOSME_PREFIX, Cases.bytes(0xED, 0xA0, 0x80)))));
        cases.add(closes("close.ignores-text-after-close", "text sent after Close 1000 is not echoed", 1000,
                WireFrame.close(1000, ""), WireFrame.text("too late")));
        cases.add(closes("close.ignores-ping-after-close", "a ping sent after Close 1000 gets no pong", 1000,
                WireFrame.close(1000, ""), WireFrame.ping(WireFrame.utf8("too late"))));
        cases.add(closes("close.ignores-fragment-after-close", "a fragment sent after Close 1000 is not echoed", 1000,
                WireFrame.close(1000, ""), WireFrame.text("too").fin(false), WireFrame.continuation(WireFrame.utf8("late"))));
        cases.add(new ConformanceCase("close.echoes-close-after-messages", "two messages are echoed, then Close 1000 answered", probe -> {
            probe.open();
            probe.send(WireFrame.text("one"), WireFrame.binary(Cases.binary(10)), WireFrame.close(1000, ""));
            return probe.expect(Expectation.closeEcho(1000, Received.text("one"), Received.binary(Cases.binary(10))));
        }));
        cases.add(new ConformanceCase("close.answers-close-after-half-sent-frame-header",
                "a Close right after a message, sent one byte per write, is answered", probe -> {
                    probe.open();
                    probe.sendInChunks(Cases.concat(FrameEncoder.masked(WireFrame.text("x")), FrameEncoder.masked(WireFrame.close(1000, "bye"))), 1);
                    return probe.expect(Expectation.closeEcho(1000, Received.text("x")));
                }));
        return cases;
    }

    private static final byte[] KOSME_PREFIX = WireFrame.utf8("\u03ba\u1f79\u03c3\u03bc\u03b5");

    /** The case sends a Close (and maybe more); the server must answer with {@code code} and close TCP. */
    private static ConformanceCase closes(String id, String description, int code, WireFrame... frames) {
        return new ConformanceCase(id, description, probe -> {
            probe.open();
            probe.send(frames);
            return probe.expect(Expectation.closeEcho(code));
        });
    }
}
