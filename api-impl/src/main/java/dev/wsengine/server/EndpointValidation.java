package dev.wsengine.server;

import dev.wsengine.endpoint.EndpointModel;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.List;

/** The deployment-time checks of an endpoint class, so mistakes surface as DeploymentException, not at the first handshake. */
final class EndpointValidation {

    private EndpointValidation() {
    }

    /** Checks the endpoint class; returns its model when it is an annotated class, null for an Endpoint. */
    static EndpointModel validate(ServerEndpointConfig config, PathTemplate template) throws DeploymentException {
        Class<?> type = config.getEndpointClass();
        if (type == null) {
            throw new DeploymentException("The ServerEndpointConfig for '" + config.getPath() + "' has no endpoint class");
        }
        if (Endpoint.class.isAssignableFrom(type)) {
            if (usesDefaultInstantiation(config)) {
                requireInstantiable(type);
            }
            return null;
        }
        EndpointModel model = EndpointModel.of(type, config.getDecoders() == null ? List.of() : config.getDecoders());
        if (template != null) {
            model.checkPathParameters(template.variables());
        }
        return model;
    }

    private static boolean usesDefaultInstantiation(ServerEndpointConfig config) {
        ServerEndpointConfig.Configurator c = config.getConfigurator();
        if (c == null || c.getClass() == DefaultServerConfigurator.class) {
            return true;
        }
        try {
            Class<?> declaring = c.getClass().getMethod("getEndpointInstance", Class.class).getDeclaringClass();
            return declaring == ServerEndpointConfig.Configurator.class || declaring == DefaultServerConfigurator.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }

    private static void requireInstantiable(Class<?> type) throws DeploymentException {
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new DeploymentException("Endpoint class " + type.getName() + " is abstract and its configurator "
                    + "does not supply instances");
        }
        try {
            if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new DeploymentException("Endpoint class " + type.getName()
                    + " needs to be public with a public no-argument constructor (or a configurator that supplies instances)");
        }
    }
}
