package dev.wsengine.tck.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The client's half of permessage-deflate (RFC 7692 section 7.2): raw DEFLATE with the JDK's
 * 32 KiB window, each message ended by a sync flush whose trailing 00 00 FF FF is removed.
 * {@code clientNoContext} resets the compressor after every message, {@code serverNoContext} the
 * decompressor (so a server that kept its context despite agreeing not to shows as a data error).
 */
public final class DeflateContext implements AutoCloseable {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final boolean clientNoContext;
    private final boolean serverNoContext;
    private final long maxInflated;
    private final int clientWindowBits;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    public DeflateContext(boolean clientNoContext, boolean serverNoContext, int clientWindowBits, long maxInflated) {
        this.clientNoContext = clientNoContext;
        this.clientWindowBits = clientWindowBits;
        this.serverNoContext = serverNoContext;
        this.maxInflated = maxInflated;
    }

    /** The window the client agreed to compress within (the JDK can only honour 15). */
    public int clientWindowBits() {
        return clientWindowBits;
    }

    /** The compressed payload of one whole message. */
    public byte[] compress(byte[] message) {
        if (clientNoContext) {
            deflater.reset();
        }
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 64);
        byte[] chunk = new byte[8192];
        int n;
        do {
            n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, n);
        } while (n == chunk.length);
        byte[] all = out.toByteArray();
        if (all.length >= 4 && Arrays.equals(all, all.length - 4, all.length, TAIL, 0, 4)) {
            return Arrays.copyOf(all, all.length - 4);
        }
        return all;
    }

    /** The message a server's compressed payload (all its frames joined) stands for. */
    public byte[] decompress(byte[] payload) throws IOException {
        if (serverNoContext) {
            inflater.reset();
        }
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(TAIL, 0, input, payload.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 3 + 64);
        byte[] chunk = new byte[16384];
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                out.write(chunk, 0, n);
                if (out.size() > maxInflated) {
                    throw new IOException("compressed message inflates past " + maxInflated + " bytes");
                }
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("server's compressed message does not inflate"
                    + (serverNoContext ? " without the previous messages (context kept despite server_no_context_takeover?)" : "")
                    + ": " + e.getMessage(), e);
        }
        if (inflater.finished()) {
            inflater.reset(); // a block with BFINAL set ends the context (RFC 7692 section 7.2.3.3)
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
