package dev.wsengine.metrics;

/** The metrics of one endpoint path: {@code dev.wsengine:type=Endpoint,context=...,path=...}. */
public interface EndpointMXBean extends WebSocketMetricsMXBean {

    /** The endpoint's path (template), as deployed. */
    String getPath();
}
