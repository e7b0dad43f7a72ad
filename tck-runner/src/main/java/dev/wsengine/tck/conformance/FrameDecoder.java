package dev.wsengine.tck.conformance;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the frames a server sends. Records what it sees rather than judging it, except that a
 * frame announcing more than {@code maxPayload} bytes is refused (so a broken server cannot make
 * the suite allocate gigabytes).
 */
public final class FrameDecoder {

    /** A frame read off the wire, and whether it came masked (which a server must never do). */
    public record Decoded(WireFrame frame, boolean masked) {
    }

    private final InputStream in;
    private final long maxPayload;

    public FrameDecoder(InputStream in, long maxPayload) {
        this.in = in;
        this.maxPayload = maxPayload;
    }

    /**
     * @throws EOFException when the stream ends, before or inside a frame
     * @throws java.net.SocketTimeoutException when the stream's read timeout passes
     */
    public Decoded read() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        if (length < 0 || length > maxPayload) {
            throw new IOException("server frame announces " + Long.toUnsignedString(length)
                    + " payload bytes, more than the " + maxPayload + " this reader accepts");
        }
        byte[] mask = null;
        if (masked) {
            mask = new byte[4];
            readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        readFully(payload);
        if (mask != null) {
            FrameEncoder.applyMask(payload, mask, 0);
        }
        WireFrame frame = new WireFrame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, payload);
        return new Decoded(frame, masked);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    private void readFully(byte[] into) throws IOException {
        int done = 0;
        while (done < into.length) {
            int n = in.read(into, done, into.length - done);
            if (n < 0) {
                throw new EOFException("connection closed inside a frame (" + done + " of " + into.length + " bytes)");
            }
            done += n;
        }
    }
}
