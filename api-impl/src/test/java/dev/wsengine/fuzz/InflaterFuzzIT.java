package dev.wsengine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsengine.extensions.MessageDeflater;
import dev.wsengine.extensions.MessageInflater;
import dev.wsengine.framing.CloseCodes;
import dev.wsengine.framing.ProtocolViolation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes permessage-deflate's {@link MessageInflater}. The first input byte picks the property:
 * <ul>
 *   <li>hostile data: arbitrary "compressed" messages in arbitrary pieces under a message limit
 *       either inflate or fail with a {@link ProtocolViolation} of 1007 (not DEFLATE) or 1009 (past
 *       the limit), nothing else; no chunk handed on is larger than the buffer and no message hands
 *       on more than the limit, whatever the compression ratio;</li>
 *   <li>round trip: messages compressed by {@link MessageDeflater} (any level, window and context
 *       takeover, in arbitrary parts) and inflated from arbitrary pieces give back their bytes;
 *       a limit one byte short of a message fails it with 1009.</li>
 * </ul>
 */
class InflaterFuzzIT {

    @FuzzTest(maxDuration = "12s")
    void inflatesWithinItsLimit(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            hostileData(data);
        } else {
            roundTrip(data);
        }
    }

    private static void hostileData(FuzzedDataProvider data) {
        int bufferSize = data.consumeInt(1, 4096);
        MessageInflater inflater = new MessageInflater(data.consumeBoolean(), bufferSize);
        try {
            int messages = data.consumeInt(1, 4);
            for (int m = 0; m < messages; m++) {
                long limit = data.consumeLong(0, 1 << 16);
                int pieces = data.consumeInt(1, 4);
                long[] handedOn = {0};
                try {
                    for (int p = 0; p < pieces; p++) {
                        boolean last = p == pieces - 1;
                        byte[] piece = last && m == messages - 1
                                ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 200));
                        inflater.inflate(ByteBuffer.wrap(piece), last, limit, chunk -> {
                            if (chunk.remaining() > bufferSize) {
                                fail("a chunk of " + chunk.remaining() + " bytes from a buffer of " + bufferSize);
                            }
                            handedOn[0] += chunk.remaining();
                            if (handedOn[0] > limit) {
                                fail(handedOn[0] + " bytes handed on under a limit of " + limit);
                            }
                            chunk.position(chunk.limit());
                        });
                    }
                } catch (ProtocolViolation violation) {
                    int code = violation.closeCode();
                    assertTrue(code == CloseCodes.INVALID_PAYLOAD || code == CloseCodes.TOO_BIG,
                            "close code " + code + ": " + violation.getMessage());
                    return; // the connection is failed: nothing more is inflated
                }
            }
        } finally {
            inflater.release();
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        int windowBits = data.consumeInt(8, 15);
        boolean deflaterNoContextTakeover = data.consumeBoolean();
        // The inflater may drop its window between messages only when the deflater starts each
        // message afresh: without context takeover, or with a window under 15 bits.
        boolean inflaterNoContextTakeover = (deflaterNoContextTakeover || windowBits < 15) && data.consumeBoolean();
        MessageDeflater deflater = new MessageDeflater(deflaterNoContextTakeover, windowBits,
                data.consumeInt(0, 9), data.consumeInt(8, 512));
        MessageInflater inflater = new MessageInflater(inflaterNoContextTakeover, data.consumeInt(1, 1024));
        try {
            int messages = data.consumeInt(1, 4);
            for (int m = 0; m < messages && data.remainingBytes() > 0; m++) {
                // At most 2^8 bytes: the longest message a deflater with an 8-bit window takes.
                byte[] message = data.consumeBytes(256);
                int parts = data.consumeInt(1, 3);
                ByteArrayOutputStream compressed = new ByteArrayOutputStream();
                int at = 0;
                for (int p = 0; p < parts; p++) {
                    boolean last = p == parts - 1;
                    int n = last ? message.length - at : data.consumeInt(0, message.length - at);
                    ByteBuffer out = deflater.deflate(ByteBuffer.wrap(message, at, n), last);
                    byte[] b = new byte[out.remaining()];
                    out.get(b);
                    compressed.write(b, 0, b.length);
                    at += n;
                }
                byte[] wire = compressed.toByteArray();
                boolean lastMessage = m == messages - 1 || data.remainingBytes() == 0;
                boolean oneShort = lastMessage && message.length > 0 && data.consumeBoolean();
                long limit = oneShort ? message.length - 1 : message.length;
                int piece = data.consumeInt(1, 64);
                ByteArrayOutputStream inflated = new ByteArrayOutputStream();
                try {
                    for (int i = 0; i < wire.length || i == 0; i += piece) {
                        int n = Math.min(piece, wire.length - i);
                        inflater.inflate(ByteBuffer.wrap(wire, i, n), i + n >= wire.length, limit, chunk -> {
                            byte[] b = new byte[chunk.remaining()];
                            chunk.get(b);
                            inflated.write(b, 0, b.length);
                        });
                    }
                } catch (ProtocolViolation violation) {
                    assertTrue(oneShort, "valid DEFLATE data refused: " + violation.getMessage());
                    assertEquals(CloseCodes.TOO_BIG, violation.closeCode(), violation.getMessage());
                    return;
                }
                if (oneShort) {
                    fail("a message of " + message.length + " bytes passed a limit of " + limit);
                }
                assertArrayEquals(message, inflated.toByteArray(), "message " + m + " after a round trip");
            }
        } finally {
            inflater.release();
            deflater.release();
        }
    }
}
