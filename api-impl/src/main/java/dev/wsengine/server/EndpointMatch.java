package dev.wsengine.server;

import java.util.Map;

/** The endpoint a request path selects, and the path parameters it gives. */
public record EndpointMatch(EndpointRegistration registration, Map<String, String> pathParameters) {
}
