package dev.wsengine.settings;

import java.util.function.Function;

/**
 * The names under which the limits of {@link SendLimits} and {@link PeerLimits} are set outside
 * code: as servlet context init parameters (the whole container), as user properties of a
 * {@code ServerEndpointConfig} (one endpoint) or of a {@code ClientEndpointConfig} (one client
 * connection). The same name everywhere: {@code dev.wsengine.<name><Unit>}. Values are numbers,
 * or strings of digits.
 */
public final class SettingProperties {

    public static final String SEND_QUEUE_HIGH_WATER_BYTES = "dev.wsengine.sendQueueHighWaterBytes";
    public static final String SEND_QUEUE_LOW_WATER_BYTES = "dev.wsengine.sendQueueLowWaterBytes";
    public static final String SEND_QUEUE_MAX_BYTES = "dev.wsengine.sendQueueMaxBytes";
    public static final String SEND_QUEUE_MAX_FRAMES = "dev.wsengine.sendQueueMaxFrames";
    public static final String SEND_WRITE_TIMEOUT_MS = "dev.wsengine.sendWriteTimeoutMs";
    public static final String MAX_FRAGMENTS_PER_MESSAGE = "dev.wsengine.maxFragmentsPerMessage";
    public static final String MAX_INFLATION_RATIO = "dev.wsengine.maxInflationRatio";
    public static final String KEEP_ALIVE_INTERVAL_MS = "dev.wsengine.keepAliveIntervalMs";
    public static final String KEEP_ALIVE_TIMEOUT_MS = "dev.wsengine.keepAliveTimeoutMs";

    private SettingProperties() {
    }

    /**
     * {@code base} with what {@code lookup} sets; {@code base} itself when it sets nothing.
     *
     * @param where how the source is named in errors, e.g. "Context parameter"
     * @throws IllegalArgumentException naming the property, for a value that is not a number in
     *         range or limits that do not fit together
     */
    public static SendLimits sendLimits(Function<String, ?> lookup, SendLimits base, String where) {
        Long high = number(lookup, SEND_QUEUE_HIGH_WATER_BYTES, 0, Long.MAX_VALUE, where);
        Long low = number(lookup, SEND_QUEUE_LOW_WATER_BYTES, 0, Long.MAX_VALUE, where);
        Long max = number(lookup, SEND_QUEUE_MAX_BYTES, 1, Long.MAX_VALUE, where);
        Long frames = number(lookup, SEND_QUEUE_MAX_FRAMES, 1, Integer.MAX_VALUE, where);
        Long timeout = number(lookup, SEND_WRITE_TIMEOUT_MS, 1, Long.MAX_VALUE, where);
        if (high == null && low == null && max == null && frames == null && timeout == null) {
            return base;
        }
        try {
            return SendLimits.builder()
                    .highWaterBytes(high != null ? high : base.highWaterBytes())
                    .lowWaterBytes(low != null ? low : base.lowWaterBytes())
                    .maxQueuedBytes(max != null ? max : base.maxQueuedBytes())
                    .maxQueuedFrames(frames != null ? frames.intValue() : base.maxQueuedFrames())
                    .writeTimeoutMs(timeout != null ? timeout : base.writeTimeoutMs())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " " + SEND_QUEUE_LOW_WATER_BYTES + " <= "
                    + SEND_QUEUE_HIGH_WATER_BYTES + " <= " + SEND_QUEUE_MAX_BYTES + " does not hold: "
                    + e.getMessage(), e);
        }
    }

    /** As {@link #sendLimits}, for {@link PeerLimits}. */
    public static PeerLimits peerLimits(Function<String, ?> lookup, PeerLimits base, String where) {
        Long fragments = number(lookup, MAX_FRAGMENTS_PER_MESSAGE, 1, Integer.MAX_VALUE, where);
        Long ratio = number(lookup, MAX_INFLATION_RATIO, 0, Integer.MAX_VALUE, where);
        Long interval = number(lookup, KEEP_ALIVE_INTERVAL_MS, 0, Long.MAX_VALUE, where);
        Long timeout = number(lookup, KEEP_ALIVE_TIMEOUT_MS, 1, Long.MAX_VALUE, where);
        if (fragments == null && ratio == null && interval == null && timeout == null) {
            return base;
        }
        PeerLimits.Builder b = base.toBuilder();
        if (fragments != null) {
            b.maxFragmentsPerMessage(fragments.intValue());
        }
        if (ratio != null) {
            b.maxInflationRatio(ratio.intValue());
        }
        if (interval != null) {
            b.keepAliveIntervalMs(interval);
        }
        if (timeout != null) {
            b.keepAliveTimeoutMs(timeout);
        }
        return b.build();
    }

    /**
     * The value of {@code name} between {@code min} and {@code max}, or null when not set.
     *
     * @throws IllegalArgumentException "{where} {name} must be a number from {min} to {max}, got '…'"
     */
    public static Long number(Function<String, ?> lookup, String name, long min, long max, String where) {
        Object value = lookup.apply(name);
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            long parsed = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? n.longValue() : Long.parseLong(value.toString().strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(where + " " + name + " must be a number from " + min + " to " + max
                + ", got '" + value + "'");
    }
}
