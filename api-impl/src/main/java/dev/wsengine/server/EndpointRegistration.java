package dev.wsengine.server;

import dev.wsengine.endpoint.EndpointModel;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One deployed endpoint: its path, its configuration, its checked model when it is an annotated
 * class (null for an {@code Endpoint} subclass), and its open sessions.
 */
public record EndpointRegistration(PathTemplate template, ServerEndpointConfig config, EndpointModel model,
                                   Set<Session> openSessions) {

    static EndpointRegistration of(PathTemplate template, ServerEndpointConfig config, EndpointModel model) {
        return new EndpointRegistration(template, config, model, ConcurrentHashMap.newKeySet());
    }
}
