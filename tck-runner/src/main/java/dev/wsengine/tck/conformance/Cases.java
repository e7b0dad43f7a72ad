package dev.wsengine.tck.conformance;

import java.util.Arrays;

/** The shapes most cases share: send frames on an open connection, expect echoes or a failure. */
final class Cases {

    private Cases() {
    }

    /** Sends the frames (in one write) and expects exactly {@code expected} back, then a normal close. */
    static ConformanceCase echo(String id, String description, WireFrame[] frames, Received... expected) {
        return new ConformanceCase(id, description, probe -> {
            probe.open();
            probe.send(frames);
            return probe.expect(Expectation.echo(expected));
        });
    }

    /** Sends the frames and expects the server to fail the connection as {@code expectation} says. */
    static ConformanceCase fails(String id, String description, Expectation expectation, WireFrame... frames) {
        return new ConformanceCase(id, description, probe -> {
            probe.open();
            probe.send(frames);
            return probe.expect(expectation);
        });
    }

    static WireFrame[] frames(WireFrame... frames) {
        return frames;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** {@code length} bytes of printable ASCII (valid UTF-8, compressible, not trivially so). */
    static byte[] ascii(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) ('a' + (i * 7 + i / 26) % 26);
        }
        return out;
    }

    /** {@code length} bytes covering every byte value. */
    static byte[] binary(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + (i >> 8));
        }
        return out;
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }
}
