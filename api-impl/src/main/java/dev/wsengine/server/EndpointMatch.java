package dev.wsengine.server;

import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Map;

/**
 * The endpoint that serves a request path and the path parameters taken from it; what
 * {@link WsServerContainer#match} finds and {@link WsServerContainer#handshake} consumes.
 */
public final class EndpointMatch {

    private final EndpointRegistration registration;
    private final Map<String, String> pathParameters;

    EndpointMatch(EndpointRegistration registration, Map<String, String> pathParameters) {
        this.registration = registration;
        // Template order kept: Map.copyOf's order changes from one JVM run to the next.
        this.pathParameters = pathParameters.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pathParameters));
    }

    /** The deployed configuration (never the per-session copy). */
    public ServerEndpointConfig config() {
        return registration.config();
    }

    /** The path parameters, decoded; empty for a plain path. */
    public Map<String, String> pathParameters() {
        return pathParameters;
    }

    EndpointRegistration registration() {
        return registration;
    }

    @Override
    public String toString() {
        return "EndpointMatch[" + registration.template().path() + " -> "
                + registration.config().getEndpointClass().getName() + ", " + pathParameters + "]";
    }
}
