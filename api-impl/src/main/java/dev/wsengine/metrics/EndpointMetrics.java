package dev.wsengine.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one endpoint path. Written from the sessions' threads without locks: the
 * per-message ones are {@link LongAdder}s (no allocation, no contention between sessions); the
 * per-close and per-refusal ones are keyed by code and allocate only the first time a code is seen.
 * Read by {@link EndpointView} and summed by {@link ContainerMetrics}.
 */
public final class EndpointMetrics {

    private static final EndpointMetrics UNTRACKED = new EndpointMetrics("");

    private final String path;
    private final LongAdder sessionsOpened = new LongAdder();
    private final LongAdder sessionsClosed = new LongAdder();
    private final LongAdder handshakesAccepted = new LongAdder();
    private final Map<Integer, LongAdder> handshakesRefused = new ConcurrentHashMap<>();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Map<Integer, LongAdder> closeCodesSent = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closeCodesReceived = new ConcurrentHashMap<>();
    private final Map<DropCause, LongAdder> drops = new EnumMap<>(DropCause.class);
    private final LongAccumulator sendQueueHighWater = new LongAccumulator(Math::max, 0);

    public EndpointMetrics(String path) {
        this.path = path;
        for (DropCause cause : DropCause.values()) {
            drops.put(cause, new LongAdder()); // filled once, read-only after: safe to share
        }
    }

    /** Counters nobody reads, for sessions outside a server container (the client's). */
    public static EndpointMetrics untracked() {
        return UNTRACKED;
    }

    public String path() {
        return path;
    }

    // ------------------------------------------------------------------ recording

    /** The outcome of one opening handshake: 101, or the HTTP status it was refused with. */
    public void handshake(int status) {
        if (status == 101) {
            handshakesAccepted.increment();
        } else {
            count(handshakesRefused, status);
            if (status == 503) {
                drops.get(DropCause.OVERLOAD).increment();
            }
        }
    }

    public void sessionOpened() {
        sessionsOpened.increment();
    }

    public void sessionClosed() {
        sessionsClosed.increment();
    }

    /** One whole message received, {@code bytes} of payload (after decompression). */
    public void messageIn(long bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    /** {@code bytes} of payload handed to the send queue; {@code messageEnd} when they end a message. */
    public void sent(long bytes, boolean messageEnd) {
        bytesOut.add(bytes);
        if (messageEnd) {
            messagesOut.increment();
        }
    }

    /** A Close frame we sent; {@code cause} is null unless the engine, not the application, ended the session. */
    public void closeSent(int code, DropCause cause) {
        count(closeCodesSent, code);
        if (cause != null) {
            drops.get(cause).increment();
        }
    }

    /** A Close frame the peer sent. */
    public void closeReceived(int code) {
        count(closeCodesReceived, code);
    }

    /** A drop counted apart from its Close frame (an idle timeout's 1001) or with none at all (connection lost). */
    public void dropped(DropCause cause) {
        drops.get(cause).increment();
    }

    /**
     * A session's outgoing queue reached {@code bytes}; called only when a session passes its own
     * previous maximum, so the shared accumulator is touched a few times per session, not per message.
     */
    public void sendQueueDepth(long bytes) {
        sendQueueHighWater.accumulate(bytes);
    }

    private static void count(Map<Integer, LongAdder> counters, int key) {
        counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    // ------------------------------------------------------------------ reading

    public long openSessions() {
        return sessionsOpened.sum() - sessionsClosed.sum();
    }

    public long sessionsOpened() {
        return sessionsOpened.sum();
    }

    public long handshakesAccepted() {
        return handshakesAccepted.sum();
    }

    public Map<Integer, Long> handshakesRefused() {
        return snapshot(handshakesRefused);
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public Map<Integer, Long> closeCodesSent() {
        return snapshot(closeCodesSent);
    }

    public Map<Integer, Long> closeCodesReceived() {
        return snapshot(closeCodesReceived);
    }

    public Map<String, Long> drops() {
        Map<String, Long> out = new TreeMap<>();
        drops.forEach((cause, n) -> {
            long sum = n.sum();
            if (sum > 0) {
                out.put(cause.name(), sum);
            }
        });
        return out;
    }

    public long sendQueueHighWaterBytes() {
        return sendQueueHighWater.get();
    }

    private static Map<Integer, Long> snapshot(Map<Integer, LongAdder> counters) {
        Map<Integer, Long> out = new TreeMap<>();
        counters.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }
}
