package dev.wsengine.metrics;

import java.util.List;

/**
 * A server container's metrics, summed over its endpoint paths:
 * {@code dev.wsengine:type=WebSocketContainer,context=...}.
 */
public interface WebSocketContainerMXBean extends WebSocketMetricsMXBean {

    /** The web application's context path ("" for the root context). */
    String getContext();

    /** The endpoint paths with metrics of their own. */
    List<String> getEndpointPaths();
}
