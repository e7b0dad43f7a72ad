package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/** RFC 6455 section 5.2: data frames of every length form, reserved opcodes, RSV bits, masking. */
final class FramingCases {

    private static final int[] SIZES = {0, 125, 126, 127, 65535, 65536};

    private FramingCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int size : SIZES) {
            byte[] text = Cases.ascii(size);
            byte[] binary = Cases.binary(size);
            cases.add(Cases.echo("framing.echoes-text-of-" + size + "-bytes", "one text frame of " + size + " bytes is echoed",
                    Cases.frames(WireFrame.text(text)), Received.text(text)));
            cases.add(Cases.echo("framing.echoes-binary-of-" + size + "-bytes", "one binary frame of " + size + " bytes is echoed",
                    Cases.frames(WireFrame.binary(binary)), Received.binary(binary)));
        }
        cases.add(new ConformanceCase("framing.echoes-frame-written-one-byte-at-a-time",
                "a 300-byte text frame written one byte per write is echoed", probe -> {
                    probe.open();
                    byte[] text = Cases.ascii(300);
                    probe.sendInChunks(FrameEncoder.masked(WireFrame.text(text)), 1);
                    return probe.expect(Expectation.echo(Received.text(text)));
                }));
        cases.add(new ConformanceCase("framing.echoes-64k-frame-written-in-997-byte-writes",
                "a 65536-byte binary frame written 997 bytes at a time is echoed", probe -> {
                    probe.open();
                    byte[] binary = Cases.binary(65536);
                    probe.sendInChunks(FrameEncoder.masked(WireFrame.binary(binary)), 997);
                    return probe.expect(Expectation.echo(Received.binary(binary)));
                }));
        cases.add(Cases.echo("framing.echoes-many-messages-in-one-write", "ten text messages in one write come back in order",
                tenTexts(), tenReplies()));
        for (int opcode : new int[] {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
            cases.add(Cases.fails("framing.fails-reserved-opcode-" + opcode + "-with-1002",
                    "a frame with reserved opcode " + opcode + " fails the connection with 1002",
                    Expectation.fail(1002), new WireFrame(true, 0, opcode, Cases.ascii(5))));
        }
        cases.add(Cases.fails("framing.fails-reserved-opcode-after-a-message-with-1002",
                "a text message is echoed, then a frame with opcode 4 fails the connection with 1002",
                Expectation.fail(1002, Received.text("hello")), WireFrame.text("hello"), new WireFrame(true, 0, 4, new byte[0])));
        for (int rsv = 1; rsv <= 7; rsv++) {
            cases.add(Cases.fails("framing.fails-rsv-" + rsvName(rsv) + "-without-extension-with-1002",
                    "a text frame with " + rsvName(rsv) + " set and no extension fails the connection with 1002",
                    Expectation.fail(1002), WireFrame.text("hello").rsv(rsv)));
        }
        cases.add(Cases.fails("framing.fails-rsv1-on-binary-without-extension-with-1002",
                "a binary frame with RSV1 and no extension fails the connection with 1002",
                Expectation.fail(1002), WireFrame.binary(Cases.binary(10)).rsv(WireFrame.RSV1)));
        cases.add(Cases.fails("framing.fails-rsv2-on-ping-with-1002", "a ping with RSV2 fails the connection with 1002",
                Expectation.fail(1002), WireFrame.ping(new byte[0]).rsv(WireFrame.RSV2)));
        cases.add(Cases.fails("framing.fails-rsv3-after-a-message-with-1002",
                "a text message is echoed, then a text frame with RSV3 fails the connection with 1002",
                Expectation.fail(1002, Received.text("first")), WireFrame.text("first"), WireFrame.text("second").rsv(WireFrame.RSV3)));
        cases.add(new ConformanceCase("framing.fails-unmasked-client-frame-with-1002",
                "an unmasked text frame from the client fails the connection with 1002", probe -> {
                    probe.open();
                    probe.sendRaw(FrameEncoder.encode(WireFrame.text("no mask"), null, FrameEncoder.LengthForm.MINIMAL));
                    return probe.expect(Expectation.fail(1002));
                }));
        cases.add(new ConformanceCase("framing.fails-64-bit-length-with-top-bit-set",
                "a length whose most significant bit is set fails the connection with 1002 (1009 OK too)", probe -> {
                    probe.open();
                    probe.sendRaw(FrameEncoder.header(true, 0, Opcode.BINARY, 0x8000_0000_0000_0010L,
                            FrameEncoder.randomMask(), FrameEncoder.LengthForm.SIXTY_FOUR_BIT));
                    return probe.expect(Expectation.fail(1002).alsoOk(1009));
                }));
        cases.add(new ConformanceCase("framing.non-minimal-length-encoding",
                "a 5-byte text frame with its length in the 16-bit form (RFC: MUST use the minimal form); echo or 1002 both recorded",
                probe -> {
                    probe.open();
                    probe.sendRaw(FrameEncoder.encode(WireFrame.text("short"), FrameEncoder.randomMask(), FrameEncoder.LengthForm.SIXTEEN_BIT));
                    Observation seen = probe.await(Expectation.echo(Received.text("short")), probe.settings().reply());
                    Verdict echoed = Grader.grade(Expectation.echo(Received.text("short")), seen);
                    Verdict refused = Grader.grade(Expectation.fail(1002), seen);
                    if (echoed.grade() == Grade.OK) {
                        return new Verdict(Grade.INFORMATIONAL, echoed.close(), "accepted and echoed");
                    }
                    if (refused.grade() == Grade.OK) {
                        return new Verdict(Grade.INFORMATIONAL, refused.close(), "refused with 1002");
                    }
                    return echoed.withGrade(Grade.FAILED, "neither echoed nor refused with 1002");
                }));
        return cases;
    }

    static String rsvName(int rsv) {
        List<String> names = new ArrayList<>();
        if ((rsv & WireFrame.RSV1) != 0) {
            names.add("rsv1");
        }
        if ((rsv & WireFrame.RSV2) != 0) {
            names.add("rsv2");
        }
        if ((rsv & WireFrame.RSV3) != 0) {
            names.add("rsv3");
        }
        return String.join("+", names);
    }

    private static WireFrame[] tenTexts() {
        WireFrame[] frames = new WireFrame[10];
        for (int i = 0; i < 10; i++) {
            frames[i] = WireFrame.text("message " + i);
        }
        return frames;
    }

    private static Received[] tenReplies() {
        Received[] replies = new Received[10];
        for (int i = 0; i < 10; i++) {
            replies[i] = Received.text("message " + i);
        }
        return replies;
    }
}
