package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * Large messages, and the target's message size limit (RFC 6455 section 10.4, close code 1009):
 * a frame announcing more than the limit must be refused as soon as its header is read.
 */
final class LimitCases {

    private LimitCases() {
    }

    static List<ConformanceCase> all(long limit) {
        List<ConformanceCase> cases = new ArrayList<>();
        int mib = 1024 * 1024;
        cases.add(large("limits.echoes-1-mib-text", "a 1 MiB text message in one frame is echoed", Opcode.TEXT, mib, 1));
        cases.add(large("limits.echoes-1-mib-binary", "a 1 MiB binary message in one frame is echoed", Opcode.BINARY, mib, 1));
        cases.add(large("limits.echoes-4-mib-binary-in-64-frames", "a 4 MiB binary message in 64 frames is echoed", Opcode.BINARY, 4 * mib, 64));
        if (limit <= 0) {
            return cases;
        }
        if (limit <= 64L * mib) {
            cases.add(large("limits.echoes-message-of-exactly-the-limit", "a binary message of exactly the limit ("
                    + limit + " bytes) in 16 frames is echoed", Opcode.BINARY, (int) limit, 16));
        }
        cases.add(announces("limits.refuses-binary-frame-over-limit-before-payload",
                "a binary frame header announcing limit + 1 bytes gets 1009 before any payload is sent", Opcode.BINARY, limit + 1));
        cases.add(announces("limits.refuses-text-frame-over-limit-before-payload",
                "a text frame header announcing limit + 1 bytes gets 1009 before any payload is sent", Opcode.TEXT, limit + 1));
        cases.add(announces("limits.refuses-frame-of-2^63-1-bytes-before-payload",
                "a binary frame header announcing 2^63 - 1 bytes gets 1009 before any payload is sent", Opcode.BINARY, Long.MAX_VALUE));
        if (limit <= 64L * mib) {
            cases.add(new ConformanceCase("limits.refuses-fragments-adding-up-past-limit-before-payload",
                    "a first fragment of half the limit, then a continuation header announcing half + 1 bytes: 1009 before its payload",
                    probe -> {
                        probe.open();
                        long half = limit / 2;
                        probe.send(WireFrame.binary(Cases.binary((int) half)).fin(false));
                        return headerFirst(probe, Opcode.CONTINUATION, limit - half + 1);
                    }));
        }
        return cases;
    }

    private static ConformanceCase large(String id, String description, int opcode, int size, int frames) {
        return new ConformanceCase(id, description, probe -> {
            probe.open();
            byte[] data = opcode == Opcode.TEXT ? Cases.ascii(size) : Cases.binary(size);
            WireFrame[] parts = new WireFrame[frames];
            int step = (size + frames - 1) / frames;
            for (int i = 0; i < frames; i++) {
                byte[] part = Cases.slice(data, Math.min(size, i * step), Math.min(size, (i + 1) * step));
                parts[i] = new WireFrame(i == frames - 1, 0, i == 0 ? opcode : Opcode.CONTINUATION, part);
            }
            probe.send(parts);
            Received expected = opcode == Opcode.TEXT ? Received.text(data) : Received.binary(data);
            return probe.expect(Expectation.echo(expected), probe.settings().largeReply());
        });
    }

    /** Only the header (and masking key) is sent; the payload never is. */
    private static ConformanceCase announces(String id, String description, int opcode, long length) {
        return new ConformanceCase(id, description, probe -> {
            probe.open();
            return headerFirst(probe, opcode, length);
        });
    }

    /**
     * Sends the header and waits for 1009. When none comes within the fail-fast window, the payload
     * follows (if it can be sent at all): a 1009 then is NON-STRICT, the limit held but only once
     * the bytes had arrived.
     */
    private static Verdict headerFirst(Probe probe, int opcode, long length) {
        byte[] mask = FrameEncoder.randomMask();
        probe.sendRaw(FrameEncoder.header(true, 0, opcode, length, mask, FrameEncoder.LengthForm.MINIMAL));
        Expectation expected = Expectation.fail(1009);
        Observation seen = probe.await(expected, probe.settings().failFastWindow());
        if (seen.closeSeen || seen.tcpClosed) {
            return Grader.grade(expected, seen);
        }
        if (length > 64L * 1024 * 1024) {
            return Grader.grade(expected, seen).withGrade(Grade.FAILED, "no 1009 within "
                    + probe.settings().failFastWindow().toMillis() + " ms of a header announcing " + length + " bytes");
        }
        byte[] payload = Cases.ascii((int) length);
        FrameEncoder.applyMask(payload, mask, 0);
        probe.sendRaw(payload);
        Verdict late = probe.expect(expected, probe.settings().largeReply());
        return late.grade() == Grade.OK
                ? late.withGrade(Grade.NON_STRICT, "1009 only after the " + length + " announced bytes were sent, not on the header")
                : late;
    }
}
