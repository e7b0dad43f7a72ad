package dev.wsengine.extensions;

import java.util.zip.Deflater;

/**
 * How this endpoint wants permessage-deflate, immutable; the same settings serve the server and
 * the client role.
 * <p>
 * The two {@code *NoContextTakeover} switches are the memory knobs. With context takeover, the
 * zlib state must live as long as the session: measured (see {@code DeflateMemoryFootprint} in the
 * tests) about 114 KB native per deflater+inflater pair after one 4 KB message and 238 KB after
 * 100 KB of traffic, plus two 8 KB heap buffers. Without it, {@link MessageDeflater} and
 * {@link MessageInflater} free their zlib state after every message, so a session between messages
 * costs nothing native; making and freeing zlib per message measured within noise (a few
 * microseconds at most against some 50 for compressing and inflating 4 KB). Turning them on trades
 * compression ratio for memory. The level does not change the memory (zlib sizes its state from
 * the window and memLevel only), only the speed and the ratio.
 */
public final class DeflateConfig {

    /** Messages shorter than this many bytes are sent uncompressed unless configured otherwise. */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 32;
    public static final int DEFAULT_BUFFER_SIZE = 8 * 1024;

    private static final DeflateConfig DEFAULTS = builder().build();

    private final int compressionLevel;
    private final int compressionThreshold;
    private final int bufferSize;
    private final boolean requireServerNoContextTakeover;
    private final boolean requireClientNoContextTakeover;
    private final boolean offerClientMaxWindowBits;

    private DeflateConfig(Builder b) {
        this.compressionLevel = b.compressionLevel;
        this.compressionThreshold = b.compressionThreshold;
        this.bufferSize = b.bufferSize;
        this.requireServerNoContextTakeover = b.requireServerNoContextTakeover;
        this.requireClientNoContextTakeover = b.requireClientNoContextTakeover;
        this.offerClientMaxWindowBits = b.offerClientMaxWindowBits;
    }

    /** Level 6, threshold 32 bytes, 8 KB buffers, context takeover both ways when the peer allows it. */
    public static DeflateConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@link Deflater} level, 0 to 9. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /**
     * Messages with fewer bytes than this are not worth compressing and may be sent with RSV1
     * clear (RFC 7692 section 6: compression is per message and optional). The deflate overhead
     * of a few bytes eats any gain below a few dozen bytes.
     */
    public int compressionThreshold() {
        return compressionThreshold;
    }

    /** True when a message of {@code length} bytes should be compressed. */
    public boolean worthCompressing(long length) {
        return length >= compressionThreshold;
    }

    /** Size of the reusable output buffer of an inflater, and the initial one of a deflater. */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * Server: answer {@code server_no_context_takeover} even when not offered (RFC 7692 section
     * 7.1.1.1 allows it). Client: ask for it in our offer. Either way the server's deflater is
     * reset after each message.
     */
    public boolean requireServerNoContextTakeover() {
        return requireServerNoContextTakeover;
    }

    /**
     * Server: answer {@code client_no_context_takeover} even when not offered (section 7.1.1.2
     * allows it). Client: put it in our offer, which binds us not to use context takeover.
     */
    public boolean requireClientNoContextTakeover() {
        return requireClientNoContextTakeover;
    }

    /**
     * Client only: include a bare {@code client_max_window_bits} in the offer. Off by default: the
     * parameter only invites the server to answer a window below 15 bits, which the JDK
     * {@link Deflater} cannot honour, and the handshake would then have to fail. Without it the
     * server may not constrain our window at all (section 7.1.2.2).
     */
    public boolean offerClientMaxWindowBits() {
        return offerClientMaxWindowBits;
    }

    @Override
    public String toString() {
        return "DeflateConfig[level=" + compressionLevel + ", threshold=" + compressionThreshold
                + ", bufferSize=" + bufferSize + ", serverNoContextTakeover=" + requireServerNoContextTakeover
                + ", clientNoContextTakeover=" + requireClientNoContextTakeover
                + ", offerClientMaxWindowBits=" + offerClientMaxWindowBits + "]";
    }

    public static final class Builder {
        private int compressionLevel = 6;
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private boolean requireServerNoContextTakeover;
        private boolean requireClientNoContextTakeover;
        private boolean offerClientMaxWindowBits;

        private Builder() {
        }

        public Builder compressionLevel(int level) {
            if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
                throw new IllegalArgumentException("compression level must be from 0 to 9: " + level);
            }
            this.compressionLevel = level;
            return this;
        }

        public Builder compressionThreshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("compression threshold must not be negative: " + bytes);
            }
            this.compressionThreshold = bytes;
            return this;
        }

        public Builder bufferSize(int bytes) {
            if (bytes < 64) {
                throw new IllegalArgumentException("buffer size must be at least 64 bytes: " + bytes);
            }
            this.bufferSize = bytes;
            return this;
        }

        public Builder requireServerNoContextTakeover(boolean on) {
            this.requireServerNoContextTakeover = on;
            return this;
        }

        public Builder requireClientNoContextTakeover(boolean on) {
            this.requireClientNoContextTakeover = on;
            return this;
        }

        public Builder offerClientMaxWindowBits(boolean on) {
            this.offerClientMaxWindowBits = on;
            return this;
        }

        public DeflateConfig build() {
            return new DeflateConfig(this);
        }
    }
}
