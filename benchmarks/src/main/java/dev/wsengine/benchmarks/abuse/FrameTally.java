package dev.wsengine.benchmarks.abuse;

import java.nio.ByteBuffer;

/**
 * Counts what a server sent, frame by frame, across reads: data bytes, pongs, and the code of its
 * Close frame. Enough to say how a connection ended, nothing more: payloads are skipped.
 */
final class FrameTally {

    private final byte[] header = new byte[10];
    private int headerHave;
    private int headerNeed = 2;
    private int opcode;
    private long payloadLeft = -1;
    private int closeBytesSeen;
    long dataBytes;
    long pongs;
    long frames;
    /** -1 until a Close frame arrived; 1005 for a Close without a code. */
    int closeCode = -1;
    /** Set when the server sent something that is not a frame (a masked frame, a second HTTP answer). */
    String garbage;

    void feed(ByteBuffer in) {
        while (in.hasRemaining() && garbage == null) {
            if (payloadLeft < 0) {
                while (headerHave < headerNeed && in.hasRemaining()) {
                    header[headerHave++] = in.get();
                    if (headerHave == 2) {
                        if ((header[1] & 0x80) != 0) {
                            garbage = "masked server frame";
                            return;
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
                long length = len7;
                if (len7 == 126) {
                    length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                } else if (len7 == 127) {
                    length = 0;
                    for (int i = 2; i < 10; i++) {
                        length = (length << 8) | (header[i] & 0xFF);
                    }
                }
                payloadLeft = length;
                closeBytesSeen = 0;
                if (opcode == 0x8) {
                    closeCode = 1005;
                }
            }
            int take = (int) Math.min(payloadLeft, in.remaining());
            for (int i = 0; i < take; i++) {
                byte b = in.get();
                if (opcode == 0x8 && closeBytesSeen < 2) {
                    closeCode = closeBytesSeen == 0 ? (b & 0xFF) << 8 : closeCode | (b & 0xFF);
                    closeBytesSeen++;
                }
            }
            payloadLeft -= take;
            if (opcode <= 0x2) {
                dataBytes += take;
            }
            if (payloadLeft == 0) {
                payloadLeft = -1;
                headerHave = 0;
                headerNeed = 2;
                frames++;
                if (opcode == 0xA) {
                    pongs++;
                }
            }
        }
    }
}
