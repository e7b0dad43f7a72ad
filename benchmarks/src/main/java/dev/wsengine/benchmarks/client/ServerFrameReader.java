package dev.wsengine.benchmarks.client;

import java.nio.ByteBuffer;

/**
 * Reads unmasked server frames incrementally from whatever the socket gave, across reads, without
 * copying payloads. Each complete frame is reported as its opcode and payload length; the first
 * {@code compareLimit} payload bytes of each frame can be checked against an expected payload.
 */
public final class ServerFrameReader {

    /** What the reader reports. */
    public interface Listener {
        void frame(int opcode, long payloadLength, boolean payloadMatched);
    }

    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private int opcode;
    private long payloadLength;
    private long payloadLeft = -1;
    private long payloadOffset;
    private boolean matched;
    private byte[] expected;

    /** Compares the payloads of the following frames with {@code expected} (null: no comparison). */
    public void expect(byte[] expected) {
        this.expected = expected;
    }

    /** Consumes all of {@code in}; calls {@code listener} once per complete frame. */
    public void feed(ByteBuffer in, Listener listener) {
        while (in.hasRemaining()) {
            if (payloadLeft < 0) {
                while (headerHave < headerNeed && in.hasRemaining()) {
                    header[headerHave++] = in.get();
                    if (headerHave == 2) {
                        if ((header[1] & 0x80) != 0) {
                            throw new IllegalStateException("server frame is masked");
                        }
                        int len7 = header[1] & 0x7F;
                        headerNeed = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
                    }
                }
                if (headerHave < headerNeed) {
                    return;
                }
                opcode = header[0] & 0x0F;
                int len7 = header[1] & 0x7F;
                if (len7 == 126) {
                    payloadLength = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                } else if (len7 == 127) {
                    long l = 0;
                    for (int i = 2; i < 10; i++) {
                        l = (l << 8) | (header[i] & 0xFF);
                    }
                    payloadLength = l;
                } else {
                    payloadLength = len7;
                }
                payloadLeft = payloadLength;
                payloadOffset = 0;
                matched = expected == null || expected.length == payloadLength;
            }
            int take = (int) Math.min(payloadLeft, in.remaining());
            if (expected != null && matched) {
                int base = in.position();
                for (int i = 0; i < take; i++) {
                    if (in.get(base + i) != expected[(int) payloadOffset + i]) {
                        matched = false;
                        break;
                    }
                }
            }
            in.position(in.position() + take);
            payloadLeft -= take;
            payloadOffset += take;
            if (payloadLeft == 0) {
                payloadLeft = -1;
                headerHave = 0;
                headerNeed = 2;
                listener.frame(opcode, payloadLength, matched);
            }
        }
    }
}
