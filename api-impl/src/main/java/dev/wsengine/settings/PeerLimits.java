package dev.wsengine.settings;

/**
 * What a session allows its peer on the way in, and how it checks that a silent peer is still
 * there; immutable. One per container ({@code WsServerContainer.setPeerLimits}, or the client's
 * default properties), overridable per endpoint through user properties named as
 * {@link SettingProperties} says.
 *
 * <ul>
 *   <li>{@link #maxFragmentsPerMessage()}, default {@value #DEFAULT_MAX_FRAGMENTS_PER_MESSAGE}:
 *       frames of one message (its first and its continuations). The next frame header is refused
 *       with 1009: the message is too big, counted in frames, which is what a client library
 *       should tell its user (1008 would say "misbehaving peer" and invite no fix). The default is
 *       far above what senders do (a 4 GiB upload in 64 KiB frames is 65,536 frames; browsers
 *       send whole messages as one frame), and ends a message that never ends, made of empty
 *       frames, after 600 KB–1.4 MB of headers instead of never.</li>
 *   <li>{@link #maxInflationRatio()}, default {@value #DEFAULT_MAX_INFLATION_RATIO}, enforced once a
 *       message has inflated past {@value #INFLATION_RATIO_FLOOR_BYTES} bytes: the inflated bytes of
 *       a permessage-deflate message divided by its compressed bytes, checked as it inflates,
 *       refused with 1009. DEFLATE cannot exceed about 1032:1; text and JSON compress 5–20:1, so
 *       beyond 200:1 a message is a long run of the same bytes, a compression bomb's shape. The
 *       1 MiB floor means no message under it is ever refused for its ratio. 0 turns the check off.</li>
 *   <li>{@link #keepAliveIntervalMs()}, default 0 (off): after this long without a byte from the
 *       peer, a Ping goes out. {@link #keepAliveTimeoutMs()}, default
 *       {@value #DEFAULT_KEEP_ALIVE_TIMEOUT_MS}: a peer from which nothing (any frame counts, not
 *       only the Pong) arrives this long after the Ping is closed with 1001 (going away) on the
 *       wire and 1006 (closed abnormally) to the application, like an idle timeout: the peer
 *       seems gone rather than misbehaving (1008), and for the application the connection was
 *       lost. The Close goes first, then TCP, without waiting for an answer.</li>
 * </ul>
 */
public final class PeerLimits {

    public static final int DEFAULT_MAX_FRAGMENTS_PER_MESSAGE = 100_000;
    public static final int DEFAULT_MAX_INFLATION_RATIO = 200;
    /** Messages that inflate to no more than this are never refused for their ratio. */
    public static final long INFLATION_RATIO_FLOOR_BYTES = 1L << 20;
    public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 10_000;

    private static final PeerLimits DEFAULTS = builder().build();

    private final int maxFragmentsPerMessage;
    private final int maxInflationRatio;
    private final long keepAliveIntervalMs;
    private final long keepAliveTimeoutMs;

    private PeerLimits(Builder b) {
        this.maxFragmentsPerMessage = b.maxFragmentsPerMessage;
        this.maxInflationRatio = b.maxInflationRatio;
        this.keepAliveIntervalMs = b.keepAliveIntervalMs;
        this.keepAliveTimeoutMs = b.keepAliveTimeoutMs;
    }

    public static PeerLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        return new Builder().maxFragmentsPerMessage(maxFragmentsPerMessage).maxInflationRatio(maxInflationRatio)
                .keepAliveIntervalMs(keepAliveIntervalMs).keepAliveTimeoutMs(keepAliveTimeoutMs);
    }

    /** Frames one message may have; the next one is refused with 1009. */
    public int maxFragmentsPerMessage() {
        return maxFragmentsPerMessage;
    }

    /** Inflated ÷ compressed bytes a compressed message may reach past 1 MiB inflated; 0 for no check. */
    public int maxInflationRatio() {
        return maxInflationRatio;
    }

    /** Silence after which the peer is pinged; 0 for no keepalive. */
    public long keepAliveIntervalMs() {
        return keepAliveIntervalMs;
    }

    /** How long after a Ping the peer has to send anything before it is closed. */
    public long keepAliveTimeoutMs() {
        return keepAliveTimeoutMs;
    }

    @Override
    public String toString() {
        return "PeerLimits[maxFragmentsPerMessage=" + maxFragmentsPerMessage + ", maxInflationRatio="
                + maxInflationRatio + ", keepAliveIntervalMs=" + keepAliveIntervalMs + ", keepAliveTimeoutMs="
                + keepAliveTimeoutMs + "]";
    }

    public static final class Builder {
        private int maxFragmentsPerMessage = DEFAULT_MAX_FRAGMENTS_PER_MESSAGE;
        private int maxInflationRatio = DEFAULT_MAX_INFLATION_RATIO;
        private long keepAliveIntervalMs;
        private long keepAliveTimeoutMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS;

        private Builder() {
        }

        public Builder maxFragmentsPerMessage(int frames) {
            this.maxFragmentsPerMessage = frames;
            return this;
        }

        public Builder maxInflationRatio(int ratio) {
            this.maxInflationRatio = ratio;
            return this;
        }

        public Builder keepAliveIntervalMs(long ms) {
            this.keepAliveIntervalMs = ms;
            return this;
        }

        public Builder keepAliveTimeoutMs(long ms) {
            this.keepAliveTimeoutMs = ms;
            return this;
        }

        /** @throws IllegalArgumentException for fragments or keepalive timeout not positive, a negative ratio or interval */
        public PeerLimits build() {
            if (maxFragmentsPerMessage <= 0 || keepAliveTimeoutMs <= 0) {
                throw new IllegalArgumentException("PeerLimits: maxFragmentsPerMessage (" + maxFragmentsPerMessage
                        + ") and keepAliveTimeoutMs (" + keepAliveTimeoutMs + ") must be positive");
            }
            if (maxInflationRatio < 0 || keepAliveIntervalMs < 0) {
                throw new IllegalArgumentException("PeerLimits: maxInflationRatio (" + maxInflationRatio
                        + ") and keepAliveIntervalMs (" + keepAliveIntervalMs + ") must be 0 (off) or positive");
            }
            return new PeerLimits(this);
        }
    }
}
