package dev.wsengine.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The metrics of one server container: one {@link EndpointMetrics} per endpoint path, created on
 * first use; the container's figures are their sums, computed when read, so nothing is counted
 * twice on the hot path.
 */
public final class ContainerMetrics implements WebSocketContainerMXBean {

    private final Map<String, EndpointMetrics> endpoints = new ConcurrentHashMap<>();
    private volatile String context = "";
    /** Told of each new endpoint path, so that JMX can register its bean; null while not exported. */
    private volatile Consumer<EndpointMetrics> onNewEndpoint;

    /** The counters of {@code path}, created on first use. */
    public EndpointMetrics forPath(String path) {
        EndpointMetrics existing = endpoints.get(path);
        if (existing != null) {
            return existing;
        }
        EndpointMetrics[] created = new EndpointMetrics[1];
        EndpointMetrics metrics = endpoints.computeIfAbsent(path, p -> created[0] = new EndpointMetrics(p));
        Consumer<EndpointMetrics> listener = onNewEndpoint;
        if (created[0] != null && listener != null) {
            listener.accept(created[0]);
        }
        return metrics;
    }

    Collection<EndpointMetrics> endpoints() {
        return endpoints.values();
    }

    void setContext(String context) {
        this.context = context;
    }

    void onNewEndpoint(Consumer<EndpointMetrics> listener) {
        this.onNewEndpoint = listener;
    }

    @Override
    public String getContext() {
        return context;
    }

    @Override
    public List<String> getEndpointPaths() {
        List<String> paths = new ArrayList<>(endpoints.keySet());
        paths.sort(null);
        return paths;
    }

    @Override
    public long getOpenSessions() {
        return sum(EndpointMetrics::openSessions);
    }

    @Override
    public long getSessionsOpened() {
        return sum(EndpointMetrics::sessionsOpened);
    }

    @Override
    public long getHandshakesAccepted() {
        return sum(EndpointMetrics::handshakesAccepted);
    }

    @Override
    public Map<Integer, Long> getHandshakesRefused() {
        return merge(EndpointMetrics::handshakesRefused);
    }

    @Override
    public long getMessagesIn() {
        return sum(EndpointMetrics::messagesIn);
    }

    @Override
    public long getBytesIn() {
        return sum(EndpointMetrics::bytesIn);
    }

    @Override
    public long getMessagesOut() {
        return sum(EndpointMetrics::messagesOut);
    }

    @Override
    public long getBytesOut() {
        return sum(EndpointMetrics::bytesOut);
    }

    @Override
    public Map<Integer, Long> getCloseCodesSent() {
        return merge(EndpointMetrics::closeCodesSent);
    }

    @Override
    public Map<Integer, Long> getCloseCodesReceived() {
        return merge(EndpointMetrics::closeCodesReceived);
    }

    @Override
    public Map<String, Long> getDrops() {
        return merge(EndpointMetrics::drops);
    }

    @Override
    public long getSendQueueHighWaterBytes() {
        return endpoints.values().stream().mapToLong(EndpointMetrics::sendQueueHighWaterBytes).max().orElse(0);
    }

    private long sum(java.util.function.ToLongFunction<EndpointMetrics> figure) {
        return endpoints.values().stream().mapToLong(figure).sum();
    }

    private <K> Map<K, Long> merge(Function<EndpointMetrics, Map<K, Long>> figure) {
        Map<K, Long> out = new TreeMap<>();
        for (EndpointMetrics e : endpoints.values()) {
            figure.apply(e).forEach((k, n) -> out.merge(k, n, Long::sum));
        }
        return out;
    }
}
