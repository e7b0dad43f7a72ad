package dev.wsengine.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/** Builds the {@link ServerEndpointConfig} an {@code @ServerEndpoint} annotation describes. */
final class AnnotatedServerConfig {

    private AnnotatedServerConfig() {
    }

    /**
     * @throws DeploymentException when the class lacks the annotation, its path does not start with
     *                             '/', or its configurator cannot be instantiated
     */
    static ServerEndpointConfig of(Class<?> endpointClass) throws DeploymentException {
        if (endpointClass == null) {
            throw new DeploymentException("Cannot deploy a null endpoint class");
        }
        ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException("Class " + endpointClass.getName() + " is not annotated with @"
                    + ServerEndpoint.class.getName());
        }
        String path = annotation.value();
        if (path == null || !path.startsWith("/")) {
            throw new DeploymentException("Invalid endpoint path '" + path + "' in @ServerEndpoint of "
                    + endpointClass.getName() + ": it must start with '/'");
        }
        return ServerEndpointConfig.Builder.create(endpointClass, path)
                .subprotocols(List.of(annotation.subprotocols()))
                .encoders(List.of(annotation.encoders()))
                .decoders(List.of(annotation.decoders()))
                .configurator(configurator(endpointClass, annotation.configurator()))
                .build();
    }

    /** One configurator instance per logical endpoint, as the annotation's javadoc says. */
    private static ServerEndpointConfig.Configurator configurator(
            Class<?> endpointClass, Class<? extends ServerEndpointConfig.Configurator> type) throws DeploymentException {
        if (type == null || type == ServerEndpointConfig.Configurator.class) {
            return new DefaultServerConfigurator();
        }
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new DeploymentException("Cannot instantiate configurator " + type.getName() + " of endpoint "
                    + endpointClass.getName() + ": it needs a public no-argument constructor that does not throw", e);
        }
    }
}
