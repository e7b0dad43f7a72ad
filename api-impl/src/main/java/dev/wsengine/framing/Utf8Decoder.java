package dev.wsengine.framing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental UTF-8 to UTF-16 decoding that fails at the first byte that can never be part of
 * valid UTF-8 (RFC 6455 section 8.1: fail the connection with 1007), even in the middle of a
 * message. A code point split across two fragments is carried over.
 *
 * <p>Each byte is checked against the ranges of the Unicode table of well-formed byte sequences,
 * so overlong forms, encoded surrogates and code points above U+10FFFF fail on the byte that
 * makes them so. ASCII runs take a fast path.
 */
public final class Utf8Decoder {

    private static final int CHUNK = 1024;

    /**
     * Scratch space for one decode call, per thread rather than per decoder: a decoder lives as
     * long as its connection, and 2 KiB on each of 10,000 idle connections is 20 MB of nothing.
     */
    private static final ThreadLocal<char[]> SCRATCH = ThreadLocal.withInitial(() -> new char[CHUNK]);
    /** Where {@link #asciiOrNull} copies a message held outside the heap (a direct buffer), per thread for the same reason. */
    private static final ThreadLocal<byte[]> BYTE_SCRATCH = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    /** Continuation bytes still expected for the current code point. */
    private int needed;
    private int codePoint;
    /** The allowed range of the next continuation byte (narrowed after E0, ED, F0, F4). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /**
     * A whole message that came in one piece, made straight into its String when every byte is
     * ASCII (chat lines, JSON, most text on the wire): that skips the per-byte decoding and the
     * intermediate StringBuilder. Returns null, having consumed nothing, when the message is not
     * all ASCII; {@link #decode} then validates and decodes it.
     */
    public static String asciiOrNull(ByteBuffer in) {
        int from = in.position();
        int to = in.limit();
        if (!isAscii(in, from, to)) {
            return null;
        }
        String message;
        if (in.hasArray()) {
            message = new String(in.array(), in.arrayOffset() + from, to - from, StandardCharsets.ISO_8859_1);
        } else {
            // A direct read buffer (Jetty's): copied out once, which the String then copies again;
            // through a per-thread scratch when it fits, so a small message allocates only its String.
            int n = to - from;
            byte[] bytes = n <= CHUNK ? BYTE_SCRATCH.get() : new byte[n];
            in.get(from, bytes, 0, n);
            message = new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        in.position(to);
        return message;
    }

    /** Eight bytes at a time, read in place: a byte with its top bit set is not ASCII. */
    private static boolean isAscii(ByteBuffer in, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            if ((in.getLong(i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (in.get(i) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes all of {@code in}, appending to {@code out}; an incomplete sequence at the end waits for more. */
    public void decode(ByteBuffer in, StringBuilder out) {
        if (in.hasArray()) {
            int start = in.arrayOffset() + in.position();
            decode(in.array(), start, start + in.remaining(), out);
        } else {
            byte[] copy = new byte[in.remaining()];
            in.duplicate().get(copy);
            decode(copy, 0, copy.length, out);
        }
        in.position(in.limit());
    }

    private void decode(byte[] bytes, int from, int to, StringBuilder out) {
        char[] buffer = SCRATCH.get();
        int n = 0;
        int i = from;
        while (i < to) {
            if (n >= CHUNK - 2) {
                out.append(buffer, 0, n);
                n = 0;
            }
            if (needed == 0) {
                // The common case: a run of ASCII, copied without any per-byte decision but the sign.
                int room = Math.min(to - i, CHUNK - 2 - n);
                int runEnd = i + room;
                while (i < runEnd && bytes[i] >= 0) {
                    buffer[n++] = (char) bytes[i++];
                }
                if (i < runEnd) {
                    startSequence(bytes[i++] & 0xFF);
                }
                continue;
            }
            int b = bytes[i++] & 0xFF;
            if (b < lower || b > upper) {
                throw invalid(b);
            }
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            if (--needed == 0) {
                if (codePoint < 0x10000) {
                    buffer[n++] = (char) codePoint;
                } else {
                    buffer[n++] = Character.highSurrogate(codePoint);
                    buffer[n++] = Character.lowSurrogate(codePoint);
                }
            }
        }
        out.append(buffer, 0, n);
    }

    /** The end of a message: a code point left unfinished fails with 1007. Resets for the next message. */
    public void finish() {
        boolean incomplete = needed != 0;
        reset();
        if (incomplete) {
            throw ProtocolViolation.badPayload("Text message ends inside a UTF-8 sequence");
        }
    }

    public void reset() {
        needed = 0;
        codePoint = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private void startSequence(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
            codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            codePoint = b & 0x0F;
            if (b == 0xE0) {
                lower = 0xA0; // no overlong three-byte forms
            } else if (b == 0xED) {
                upper = 0x9F; // no encoded surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            codePoint = b & 0x07;
            if (b == 0xF0) {
                lower = 0x90; // no overlong four-byte forms
            } else if (b == 0xF4) {
                upper = 0x8F; // nothing above U+10FFFF
            }
        } else {
            throw invalid(b);
        }
    }

    private ProtocolViolation invalid(int b) {
        reset();
        return ProtocolViolation.badPayload("Invalid UTF-8 in text: byte 0x" + Integer.toHexString(b));
    }
}
