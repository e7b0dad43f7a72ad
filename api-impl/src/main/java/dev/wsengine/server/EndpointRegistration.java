package dev.wsengine.server;

import dev.wsengine.endpoint.EndpointModel;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;

/**
 * One logical server endpoint as deployed: its configuration and path, the validated model when
 * the endpoint is an annotated class (null for an {@code Endpoint} subclass), and the live set of
 * its open sessions that {@code Session.getOpenSessions()} reports.
 */
record EndpointRegistration(ServerEndpointConfig config, PathTemplate template, EndpointModel model,
                            Set<Session> openSessions, boolean fromAnnotation) {

    boolean annotated() {
        return model != null;
    }
}
