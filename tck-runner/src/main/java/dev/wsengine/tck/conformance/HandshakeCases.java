package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** RFC 6455 section 4: the opening handshake, accepted and refused. */
final class HandshakeCases {

    private HandshakeCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(accepts("handshake.accepts-browser-request", "a browser's request (no Content-Length) gets 101 with the right Sec-WebSocket-Accept", r -> r));
        cases.add(accepts("handshake.accepts-connection-keep-alive-upgrade", "Connection: keep-alive, Upgrade (as Firefox sends) is accepted",
                r -> r.set("Connection", "keep-alive, Upgrade")));
        cases.add(accepts("handshake.accepts-header-names-and-tokens-in-any-case", "lower-case header names and Upgrade: WebSocket are accepted",
                r -> r.set("Upgrade", null).set("Connection", null).header("upgrade", "WebSocket").header("connection", "upgrade")));
        cases.add(accepts("handshake.accepts-without-origin", "a non-browser request without Origin is accepted", r -> r.set("Origin", null)));
        cases.add(new ConformanceCase("handshake.ignores-subprotocol-the-endpoint-lacks",
                "Sec-WebSocket-Protocol: chat, superchat to an endpoint with no subprotocols: 101 without Sec-WebSocket-Protocol",
                probe -> {
                    UpgradeRequest request = probe.request().header("Sec-WebSocket-Protocol", "chat, superchat");
                    HttpHead head = probe.handshake(request, new byte[0]);
                    Probe.requireAccepted(request, head);
                    if (!head.values("Sec-WebSocket-Protocol").isEmpty()) {
                        return new Verdict(Grade.FAILED, CloseGrade.NONE, "answered with Sec-WebSocket-Protocol "
                                + head.values("Sec-WebSocket-Protocol") + " though the endpoint has none");
                    }
                    return probe.expect(Expectation.echo());
                }));
        cases.add(new ConformanceCase("handshake.frame-right-behind-request-is-echoed",
                "a text frame in the same write as the request is echoed (no byte after the head may be lost)",
                probe -> {
                    UpgradeRequest request = probe.request();
                    HttpHead head = probe.handshake(request, FrameEncoder.masked(WireFrame.text("early bird")));
                    Probe.requireAccepted(request, head);
                    return probe.expect(Expectation.echo(Received.text("early bird")));
                }));
        cases.add(refused("handshake.refuses-version-12-with-426", "Sec-WebSocket-Version: 12 gets 426 naming version 13",
                426, r -> r.set("Sec-WebSocket-Version", "12")));
        cases.add(refused("handshake.refuses-version-14-with-426", "Sec-WebSocket-Version: 14 gets 426 naming version 13",
                426, r -> r.set("Sec-WebSocket-Version", "14")));
        cases.add(refused("handshake.refuses-non-numeric-version-with-426", "Sec-WebSocket-Version: abc gets 426 naming version 13",
                426, r -> r.set("Sec-WebSocket-Version", "abc")));
        cases.add(refused("handshake.refuses-missing-version-with-426", "no Sec-WebSocket-Version gets 426 naming version 13 (400 tolerated)",
                426, r -> r.set("Sec-WebSocket-Version", null)));
        cases.add(refused("handshake.refuses-missing-key-with-400", "no Sec-WebSocket-Key gets 400",
                400, r -> r.set("Sec-WebSocket-Key", null)));
        cases.add(refused("handshake.refuses-short-key-with-400", "a Sec-WebSocket-Key of 15 bytes gets 400",
                400, r -> r.set("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")));
        cases.add(refused("handshake.refuses-two-keys-with-400", "two Sec-WebSocket-Key headers get 400",
                400, r -> r.header("Sec-WebSocket-Key", AcceptKey.newKey())));
        cases.add(refused("handshake.refuses-missing-connection-upgrade-with-400", "Connection: keep-alive (no Upgrade token) gets 400",
                400, r -> r.set("Connection", "keep-alive")));
        cases.add(refused("handshake.refuses-post-with-400", "a POST upgrade request gets 400 (405 tolerated)",
                400, r -> r.method("POST")));
        cases.add(refused("handshake.refuses-http-1.0-with-400", "an HTTP/1.0 upgrade request gets 400 (505 tolerated)",
                400, r -> r.httpVersion("HTTP/1.0")));
        return cases;
    }

    private static ConformanceCase accepts(String id, String description, UnaryOperator<UpgradeRequest> change) {
        return new ConformanceCase(id, description, probe -> {
            UpgradeRequest request = change.apply(probe.request());
            HttpHead head = probe.handshake(request, new byte[0]);
            if (head.status() != 101) {
                return new Verdict(Grade.FAILED, CloseGrade.NONE, "got '" + head.statusLine() + "', expected 101");
            }
            String accept = AcceptKey.of(request.key());
            if (!head.values("Sec-WebSocket-Accept").equals(List.of(accept))) {
                return new Verdict(Grade.FAILED, CloseGrade.NONE, "Sec-WebSocket-Accept " + head.values("Sec-WebSocket-Accept")
                        + ", expected " + accept);
            }
            if (!head.hasToken("Upgrade", "websocket") || !head.hasToken("Connection", "upgrade")) {
                return new Verdict(Grade.FAILED, CloseGrade.NONE, "101 without Upgrade: websocket and Connection: Upgrade ("
                        + head.values("Upgrade") + ", " + head.values("Connection") + ")");
            }
            Verdict close = probe.expect(Expectation.echo());
            return close;
        });
    }

    /**
     * A refusal: {@code status} is OK, any other 4xx NON-STRICT (a 505 for HTTP/1.0 too), 101
     * and 5xx FAILED (a server error is never the answer to a client's mistake).
     */
    private static ConformanceCase refused(String id, String description, int status, UnaryOperator<UpgradeRequest> change) {
        return new ConformanceCase(id, description, probe -> {
            HttpHead head = probe.handshake(change.apply(probe.request()), new byte[0]);
            return gradeRefusal(status, head);
        });
    }

    static Verdict gradeRefusal(int expected, HttpHead head) {
        int got = head.status();
        if (got == expected) {
            if (got == 426 && !head.elements("Sec-WebSocket-Version").contains("13")) {
                return new Verdict(Grade.NON_STRICT, CloseGrade.NONE, "426 without Sec-WebSocket-Version: 13 (got "
                        + head.values("Sec-WebSocket-Version") + ")");
            }
            return new Verdict(Grade.OK, CloseGrade.NONE, "");
        }
        boolean tolerated = (got >= 400 && got < 500) || (got == 505 && head.statusLine().contains("505"));
        if (tolerated) {
            return new Verdict(Grade.NON_STRICT, CloseGrade.NONE, "got '" + head.statusLine() + "', expected " + expected);
        }
        return new Verdict(Grade.FAILED, CloseGrade.NONE, "got '" + head.statusLine() + "', expected " + expected);
    }
}
