package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/** RFC 7692: permessage-deflate offers and responses, compressed messages, RSV1 misuse. */
final class DeflateCases {

    private static final String PMD = DeflateOffer.NAME;
    private static final byte[] SENTENCE = WireFrame.utf8("The quick brown fox jumps over the lazy dog, again and again and again.");

    private DeflateCases() {
    }

    static List<ConformanceCase> all(long limit) {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(accepts("pmd.accepts-plain-offer", List.of(PMD), 0));
        cases.add(accepts("pmd.accepts-server-no-context-takeover", List.of(PMD + "; server_no_context_takeover"), 0));
        cases.add(accepts("pmd.accepts-client-no-context-takeover", List.of(PMD + "; client_no_context_takeover"), 0));
        cases.add(accepts("pmd.accepts-both-no-context-takeover",
                List.of(PMD + "; server_no_context_takeover; client_no_context_takeover"), 0));
        cases.add(accepts("pmd.accepts-client-max-window-bits-without-value", List.of(PMD + "; client_max_window_bits"), 0));
        for (int bits : new int[] {8, 12, 15}) {
            cases.add(accepts("pmd.accepts-client-max-window-bits-" + bits, List.of(PMD + "; client_max_window_bits=" + bits), 0));
        }
        cases.add(accepts("pmd.accepts-quoted-window-bits", List.of(PMD + "; client_max_window_bits=\"15\""), 0));
        for (int bits = 8; bits <= 15; bits++) {
            cases.add(accepts("pmd.accepts-server-max-window-bits-" + bits, List.of(PMD + "; server_max_window_bits=" + bits), 0));
        }
        cases.add(accepts("pmd.accepts-every-parameter-at-once", List.of(PMD
                + "; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits"), 0));
        cases.add(declines("pmd.declines-unknown-parameter", PMD + "; foo=bar"));
        cases.add(declines("pmd.declines-server-max-window-bits-7", PMD + "; server_max_window_bits=7"));
        cases.add(declines("pmd.declines-server-max-window-bits-16", PMD + "; server_max_window_bits=16"));
        cases.add(declines("pmd.declines-server-max-window-bits-without-value", PMD + "; server_max_window_bits"));
        cases.add(declines("pmd.declines-client-max-window-bits-16", PMD + "; client_max_window_bits=16"));
        cases.add(declines("pmd.declines-no-context-takeover-with-value", PMD + "; server_no_context_takeover=1"));
        cases.add(declines("pmd.declines-repeated-parameter", PMD + "; server_no_context_takeover; server_no_context_takeover"));
        cases.add(accepts("pmd.takes-first-acceptable-of-several-offers", List.of(PMD + "; server_max_window_bits=10",
                PMD + "; server_no_context_takeover", PMD), 1));
        cases.add(accepts("pmd.takes-first-acceptable-after-unknown-parameter", List.of(PMD + "; foo",
                PMD + "; client_no_context_takeover; server_no_context_takeover", PMD), 1));
        cases.add(new ConformanceCase("pmd.takes-first-acceptable-from-one-header-line",
                "offers 'x-unknown, permessage-deflate; foo, permessage-deflate; server_no_context_takeover, permessage-deflate'"
                        + " in one line: the third is the first acceptable", probe -> {
                    List<String> offers = List.of(PMD + "; foo", PMD + "; server_no_context_takeover", PMD);
                    DeflateResponseCheck.Result result = probe.openWithDeflate(offers, true);
                    return negotiated(probe, result, 1);
                }));

        cases.add(compressed("pmd.echoes-compressed-text-with-context-takeover",
                "three compressed text messages sharing the compression context both ways are echoed", PMD, Opcode.TEXT, 3, 1));
        cases.add(compressed("pmd.echoes-compressed-binary-with-context-takeover",
                "three compressed binary messages sharing the compression context both ways are echoed", PMD, Opcode.BINARY, 3, 1));
        cases.add(compressed("pmd.echoes-with-client-no-context-takeover",
                "client_no_context_takeover agreed: three messages each compressed alone are echoed",
                PMD + "; client_no_context_takeover", Opcode.TEXT, 3, 1));
        cases.add(compressed("pmd.honours-server-no-context-takeover",
                "server_no_context_takeover agreed: the server's replies to three equal messages inflate each on its own",
                PMD + "; server_no_context_takeover", Opcode.TEXT, 3, 1));
        cases.add(compressed("pmd.echoes-fragmented-compressed-message",
                "a compressed message in four frames (RSV1 on the first only) is echoed", PMD, Opcode.TEXT, 2, 4));
        cases.add(compressed("pmd.echoes-compressed-message-in-byte-frames",
                "a compressed message split into one-byte frames is echoed", PMD, Opcode.BINARY, 1, 10_000));
        cases.add(deflating("pmd.echoes-uncompressed-message-in-deflate-session",
                "a message without RSV1 on a connection with permessage-deflate is echoed", PMD, probe -> {
                    probe.send(WireFrame.text(SENTENCE), WireFrame.binary(Cases.binary(10)));
                    return probe.expect(Expectation.echo(Received.text(SENTENCE), Received.binary(Cases.binary(10))));
                }));
        cases.add(deflating("pmd.echoes-compressed-empty-message", "an empty message compressed (payload 00) is echoed empty", PMD, probe -> {
            probe.sendCompressed(Opcode.TEXT, new byte[0], 1);
            return probe.expect(Expectation.echo(Received.text(new byte[0])));
        }));
        cases.add(deflating("pmd.echoes-1-mib-compressed-text", "a 1 MiB text message compressed is echoed", PMD, probe -> {
            byte[] text = Cases.ascii(1024 * 1024);
            probe.sendCompressed(Opcode.TEXT, text, 1);
            return probe.expect(Expectation.echo(Received.text(text)), probe.settings().largeReply());
        }));
        cases.add(deflating("pmd.fails-rsv1-on-ping-with-1002", "a ping with RSV1 (control frames are never compressed) fails with 1002",
                PMD, probe -> {
                    probe.send(WireFrame.ping(WireFrame.utf8("hello")).rsv(WireFrame.RSV1));
                    return probe.expect(Expectation.fail(1002));
                }));
        cases.add(deflating("pmd.fails-rsv1-on-close-with-1002", "a Close with RSV1 fails with 1002", PMD, probe -> {
            probe.send(WireFrame.close(1000, "").rsv(WireFrame.RSV1));
            return probe.expect(Expectation.fail(1002));
        }));
        cases.add(deflating("pmd.fails-rsv1-on-continuation-with-1002",
                "a compressed message whose continuation frame also has RSV1 fails with 1002", PMD, probe -> {
                    byte[] data = probe.compress(SENTENCE);
                    int half = data.length / 2;
                    probe.send(new WireFrame(false, WireFrame.RSV1, Opcode.TEXT, Cases.slice(data, 0, half)),
                            new WireFrame(true, WireFrame.RSV1, Opcode.CONTINUATION, Cases.slice(data, half, data.length)));
                    return probe.expect(Expectation.fail(1002));
                }));
        cases.add(deflating("pmd.fails-rsv2-with-deflate-with-1002", "RSV2 on a data frame with only permessage-deflate agreed fails with 1002",
                PMD, probe -> {
                    probe.send(WireFrame.text("hello").rsv(WireFrame.RSV2));
                    return probe.expect(Expectation.fail(1002));
                }));
        cases.add(deflating("pmd.fails-data-that-does-not-inflate",
                "RSV1 on a payload that is not DEFLATE data fails the connection (1007 or 1002)", PMD, probe -> {
                    probe.send(new WireFrame(true, WireFrame.RSV1, Opcode.BINARY, Cases.bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x11)));
                    return probe.expect(Expectation.fail(1007).alsoOk(1002).tolerating(1011));
                }));
        cases.add(deflating("pmd.fails-compressed-invalid-utf8-with-1007", "compressed text that inflates to invalid UTF-8 fails with 1007",
                PMD, probe -> {
                    probe.sendCompressed(Opcode.TEXT, Cases.concat(SENTENCE, Cases.bytes(0xC0, 0x80)), 1);
                    return probe.expect(Expectation.fail(1007).tolerating(1002));
                }));
        if (limit > 0 && limit <= 64L * 1024 * 1024) {
            cases.add(deflating("pmd.refuses-message-inflating-past-limit-with-1009",
                    "a small compressed message that inflates to limit + 1 bytes fails with 1009", PMD, probe -> {
                        probe.sendCompressed(Opcode.BINARY, new byte[(int) limit + 1], 1);
                        return probe.expect(Expectation.fail(1009), probe.settings().largeReply());
                    }));
        }
        return cases;
    }

    /** The offers must be accepted by offer {@code maxIndex} or an earlier one; then a compressed echo must work. */
    private static ConformanceCase accepts(String id, List<String> offers, int maxIndex) {
        return new ConformanceCase(id, "offer " + String.join(" / ", offers) + ": a valid RFC 7692 response, then compressed echoes",
                probe -> negotiated(probe, probe.openWithDeflate(offers), maxIndex));
    }

    static Verdict negotiated(Probe probe, DeflateResponseCheck.Result result, int maxIndex) {
        if (!result.valid()) {
            return new Verdict(Grade.FAILED, CloseGrade.UNCLEAN, "invalid Sec-WebSocket-Extensions response: " + result.problem());
        }
        if (result.declined()) {
            probe.send(WireFrame.text(SENTENCE));
            Verdict closed = probe.expect(Expectation.echo(Received.text(SENTENCE)));
            return closed.grade() == Grade.OK ? closed.withGrade(Grade.UNIMPLEMENTED, "declined (no permessage-deflate in the response)")
                    : closed;
        }
        if (result.acceptedOffer() > maxIndex) {
            return new Verdict(Grade.FAILED, CloseGrade.UNCLEAN, "accepted offer " + (result.acceptedOffer() + 1) + " ('"
                    + result.response() + "') though offer " + (maxIndex + 1) + " was acceptable");
        }
        return echoBoth(probe, 2);
    }

    /** Messages compressed when the client may compress, plain otherwise; the replies are inflated as needed. */
    private static Verdict echoBoth(Probe probe, int count) {
        List<Received> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (probe.canCompress()) {
                probe.sendCompressed(Opcode.TEXT, SENTENCE, 1);
            } else {
                probe.send(WireFrame.text(SENTENCE));
            }
            expected.add(Received.text(SENTENCE));
        }
        return probe.expect(Expectation.echo(expected));
    }

    /** An offer with a parameter the RFC forbids must be declined: 101 without the extension. */
    private static ConformanceCase declines(String id, String offer) {
        return new ConformanceCase(id, "offer '" + offer + "' is invalid: 101 without permessage-deflate (400 tolerated)", probe -> {
            UpgradeRequest request = probe.request().header("Sec-WebSocket-Extensions", offer);
            HttpHead head = probe.handshake(request, new byte[0]);
            if (head.status() == 400) {
                return new Verdict(Grade.NON_STRICT, CloseGrade.NONE, "refused the handshake with 400 instead of declining the offer");
            }
            Probe.requireAccepted(request, head);
            if (!head.values("Sec-WebSocket-Extensions").isEmpty()) {
                return new Verdict(Grade.FAILED, CloseGrade.UNCLEAN, "accepted an invalid offer: Sec-WebSocket-Extensions "
                        + head.values("Sec-WebSocket-Extensions"));
            }
            return probe.expect(Expectation.echo());
        });
    }

    private static ConformanceCase compressed(String id, String description, String offer, int opcode, int messages, int frames) {
        return deflating(id, description, offer, probe -> {
            List<Received> expected = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                byte[] data = opcode == Opcode.TEXT ? SENTENCE : Cases.concat(SENTENCE, Cases.binary(64));
                probe.sendCompressed(opcode, data, frames);
                expected.add(new Received(opcode == Opcode.TEXT ? Received.Kind.TEXT : Received.Kind.BINARY, data));
            }
            return probe.expect(Expectation.echo(expected));
        });
    }

    /** Negotiates {@code offer}; the case cannot be judged (UNIMPLEMENTED) when the server declines it. */
    private static ConformanceCase deflating(String id, String description, String offer, ConformanceCase.Body body) {
        return new ConformanceCase(id, description, probe -> {
            DeflateResponseCheck.Result result = probe.openWithDeflate(List.of(offer));
            if (!result.valid()) {
                return new Verdict(Grade.FAILED, CloseGrade.UNCLEAN, "invalid Sec-WebSocket-Extensions response: " + result.problem());
            }
            if (result.declined()) {
                return new Verdict(Grade.UNIMPLEMENTED, CloseGrade.UNCLEAN, "the server declined '" + offer + "'");
            }
            return body.run(probe);
        });
    }
}
