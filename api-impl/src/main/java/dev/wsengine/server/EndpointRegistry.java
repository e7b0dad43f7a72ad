package dev.wsengine.server;

import jakarta.websocket.DeploymentException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The deployed endpoints, matched against request paths with the specification's precedence:
 * an exact path first; among templates, the one with a literal segment where the others have a
 * variable, compared from the first segment on.
 */
final class EndpointRegistry {

    private final List<EndpointRegistration> registrations = new CopyOnWriteArrayList<>();

    void add(EndpointRegistration registration) throws DeploymentException {
        for (EndpointRegistration existing : registrations) {
            if (existing.template().sameShapeAs(registration.template())) {
                throw new DeploymentException("Two endpoints for the same path: " + existing.template() + " ("
                        + existing.config().getEndpointClass().getName() + ") and " + registration.template()
                        + " (" + registration.config().getEndpointClass().getName() + ")");
            }
        }
        registrations.add(registration);
    }

    EndpointMatch match(String path) {
        EndpointRegistration best = null;
        Map<String, String> bestParameters = null;
        for (EndpointRegistration candidate : registrations) {
            Map<String, String> parameters = candidate.template().match(path);
            if (parameters == null) {
                continue;
            }
            if (candidate.template().isExact()) {
                return new EndpointMatch(candidate, parameters);
            }
            if (best == null || candidate.template().precedence(best.template()) < 0) {
                best = candidate;
                bestParameters = parameters;
            }
        }
        return best == null ? null : new EndpointMatch(best, bestParameters);
    }

    List<EndpointRegistration> all() {
        return List.copyOf(registrations);
    }
}
