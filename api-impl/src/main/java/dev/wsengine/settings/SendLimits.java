package dev.wsengine.settings;

/**
 * How much a session may hold for a peer that reads slower than it is sent to, immutable; one per
 * container ({@code WsServerContainer.setSendLimits}), copied into every session it opens.
 *
 * <p>Every outgoing frame of a session waits in one queue until its bytes are written. While more
 * than {@link #highWaterBytes()} are waiting, the session stops reading from its peer (TCP then
 * slows the peer down), and reads again once no more than {@link #lowWaterBytes()} are: a peer that
 * sends requests without reading the replies holds no thread and at most about one reply beyond
 * the high-water mark. A send that would take the queue past {@link #maxQueuedBytes()} or
 * {@link #maxQueuedFrames()} is refused (blocking sends throw, asynchronous ones fail their
 * {@code Future} or {@code SendHandler}). A peer that leaves queued bytes unwritten for
 * {@link #writeTimeoutMs()} (no write made progress meanwhile) is closed with 1008 (policy
 * violation) and a reason: queued frames not yet started are dropped, the frame being written is
 * finished if the peer reads it, the Close frame follows, and TCP goes after the session's close
 * timeout at the latest. A blocking send waits at most as long for a peer that makes no progress.
 *
 * <p>Defaults: high-water 1 MiB, low-water 256 KiB, 64 MiB and 10,000 frames at most, write
 * timeout 20 s.
 */
public final class SendLimits {

    public static final long DEFAULT_HIGH_WATER_BYTES = 1L << 20;
    public static final long DEFAULT_LOW_WATER_BYTES = 256L << 10;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 10_000;
    public static final long DEFAULT_WRITE_TIMEOUT_MS = 20_000;

    private static final SendLimits DEFAULTS = builder().build();

    private final long highWaterBytes;
    private final long lowWaterBytes;
    private final long maxQueuedBytes;
    private final int maxQueuedFrames;
    private final long writeTimeoutMs;

    private SendLimits(Builder b) {
        this.highWaterBytes = b.highWaterBytes;
        this.lowWaterBytes = b.lowWaterBytes;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxQueuedFrames = b.maxQueuedFrames;
        this.writeTimeoutMs = b.writeTimeoutMs;
    }

    public static SendLimits defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Above this many queued bytes the session stops reading from its peer. */
    public long highWaterBytes() {
        return highWaterBytes;
    }

    /** At or below this many queued bytes a session that stopped reading reads again. */
    public long lowWaterBytes() {
        return lowWaterBytes;
    }

    /** Data frames that would take the queue past this many bytes are refused. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Data frames beyond this many queued ones are refused. */
    public int maxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** How long queued bytes may stay unwritten, without any progress, before the peer is closed with 1008. */
    public long writeTimeoutMs() {
        return writeTimeoutMs;
    }

    @Override
    public String toString() {
        return "SendLimits[highWater=" + highWaterBytes + ", lowWater=" + lowWaterBytes + ", maxQueuedBytes="
                + maxQueuedBytes + ", maxQueuedFrames=" + maxQueuedFrames + ", writeTimeoutMs=" + writeTimeoutMs + "]";
    }

    public static final class Builder {
        private long highWaterBytes = DEFAULT_HIGH_WATER_BYTES;
        private long lowWaterBytes = DEFAULT_LOW_WATER_BYTES;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private int maxQueuedFrames = DEFAULT_MAX_QUEUED_FRAMES;
        private long writeTimeoutMs = DEFAULT_WRITE_TIMEOUT_MS;

        private Builder() {
        }

        public Builder highWaterBytes(long bytes) {
            this.highWaterBytes = bytes;
            return this;
        }

        public Builder lowWaterBytes(long bytes) {
            this.lowWaterBytes = bytes;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder maxQueuedFrames(int frames) {
            this.maxQueuedFrames = frames;
            return this;
        }

        public Builder writeTimeoutMs(long ms) {
            this.writeTimeoutMs = ms;
            return this;
        }

        /** @throws IllegalArgumentException unless 0 ≤ low-water ≤ high-water ≤ max queued bytes, frames and timeout positive */
        public SendLimits build() {
            if (lowWaterBytes < 0 || lowWaterBytes > highWaterBytes || highWaterBytes > maxQueuedBytes) {
                throw new IllegalArgumentException("SendLimits: need 0 <= lowWaterBytes (" + lowWaterBytes
                        + ") <= highWaterBytes (" + highWaterBytes + ") <= maxQueuedBytes (" + maxQueuedBytes + ")");
            }
            if (maxQueuedFrames <= 0 || writeTimeoutMs <= 0) {
                throw new IllegalArgumentException("SendLimits: maxQueuedFrames (" + maxQueuedFrames
                        + ") and writeTimeoutMs (" + writeTimeoutMs + ") must be positive");
            }
            return new SendLimits(this);
        }
    }
}
