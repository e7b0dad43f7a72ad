package dev.wsengine.bridge;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.security.CodeSource;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deploys what the servlet container found for our {@code @HandlesTypes}: with one or more
 * {@link ServerApplicationConfig}s in the application, the union of what they choose (their
 * {@code getEndpointConfigs} for the {@link Endpoint} subclasses found, their
 * {@code getAnnotatedEndpointClasses} for the {@link ServerEndpoint} classes found); without any,
 * every annotated endpoint and none of the programmatic ones, as the specification says.
 */
final class EndpointDeployer {

    private static final Comparator<Class<?>> BY_NAME = Comparator.comparing(Class::getName);

    /** The engine's own packages; an application's classes may share its archive (a shaded jar), not these. */
    private static final Set<String> ENGINE_PACKAGES = Set.of("framing", "handshake", "transport", "session",
            "endpoint", "server", "client", "extensions", "bridge");

    private final Set<CodeSource> engineSources;

    /** {@code engineTypes}: classes of the engine itself, whose archives hold no application classes. */
    EndpointDeployer(Class<?>... engineTypes) {
        this.engineSources = new LinkedHashSet<>();
        for (Class<?> type : engineTypes) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                engineSources.add(source);
            }
        }
    }

    /**
     * Deploys classes an application named itself ({@link WebSocketEngine}): as {@link #deploy},
     * but a class that cannot be deployed is an error naming it, not skipped, and so is an
     * {@code Endpoint} subclass when no {@code ServerApplicationConfig} is named to give it a path.
     */
    void deployNamed(Set<Class<?>> named, ServerContainer container) throws DeploymentException {
        boolean anyConfig = named.stream().anyMatch(ServerApplicationConfig.class::isAssignableFrom);
        for (Class<?> type : named) {
            int modifiers = type.getModifiers();
            boolean annotated = type.isAnnotationPresent(ServerEndpoint.class);
            boolean programmatic = Endpoint.class.isAssignableFrom(type);
            if (!annotated && !programmatic && !ServerApplicationConfig.class.isAssignableFrom(type)) {
                throw new DeploymentException(type.getName() + " is neither annotated @ServerEndpoint nor an Endpoint"
                        + " subclass nor a ServerApplicationConfig, so it cannot be deployed");
            }
            if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers) || type.isInterface()
                    || (type.getEnclosingClass() != null && !Modifier.isStatic(modifiers))) {
                throw new DeploymentException(type.getName() + " cannot be deployed: it must be a public, concrete,"
                        + " top-level or static nested class");
            }
            if (programmatic && !annotated && !anyConfig) {
                throw new DeploymentException(type.getName() + " is a programmatic Endpoint and nothing gives it a path:"
                        + " pass its ServerEndpointConfig (WebSocketEngine.Builder.endpoint) or a ServerApplicationConfig"
                        + " that returns one");
            }
        }
        deploy(named, container);
    }

    void deploy(Set<Class<?>> found, ServerContainer container) throws DeploymentException {
        Set<Class<?>> annotated = new TreeSet<>(BY_NAME);
        Set<Class<? extends Endpoint>> programmatic = new TreeSet<>(BY_NAME);
        Set<Class<? extends ServerApplicationConfig>> configTypes = new TreeSet<>(BY_NAME);
        for (Class<?> type : found == null ? Set.<Class<?>>of() : found) {
            if (!isApplicationClass(type)) {
                continue;
            }
            if (ServerApplicationConfig.class.isAssignableFrom(type)) {
                configTypes.add(type.asSubclass(ServerApplicationConfig.class));
            }
            if (type.isAnnotationPresent(ServerEndpoint.class)) {
                annotated.add(type);
            }
            if (Endpoint.class.isAssignableFrom(type)) {
                programmatic.add(type.asSubclass(Endpoint.class));
            }
        }

        Set<ServerEndpointConfig> configsToDeploy = new LinkedHashSet<>();
        Set<Class<?>> annotatedToDeploy = new TreeSet<>(BY_NAME);
        if (configTypes.isEmpty()) {
            annotatedToDeploy.addAll(annotated);
        }
        for (Class<? extends ServerApplicationConfig> configType : configTypes) {
            ServerApplicationConfig config = instantiate(configType);
            Set<ServerEndpointConfig> endpoints = config.getEndpointConfigs(new LinkedHashSet<>(programmatic));
            if (endpoints != null) {
                configsToDeploy.addAll(endpoints);
            }
            Set<Class<?>> chosen = config.getAnnotatedEndpointClasses(new LinkedHashSet<>(annotated));
            if (chosen != null) {
                annotatedToDeploy.addAll(chosen);
            }
        }

        for (ServerEndpointConfig config : configsToDeploy) {
            container.addEndpoint(config);
        }
        for (Class<?> type : annotatedToDeploy) {
            container.addEndpoint(type);
        }
    }

    /**
     * What can be an application's endpoint or configuration: a public concrete class that is
     * neither the API's own nor the engine's (whose adapters extend {@code Endpoint} too). The
     * engine's classes are those of its packages in its own archive, which in a shaded jar is also
     * the application's.
     */
    private boolean isApplicationClass(Class<?> type) {
        int modifiers = type.getModifiers();
        if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers) || type.isInterface()
                || type.isAnnotation() || type.getName().startsWith("jakarta.websocket.")) {
            return false;
        }
        return !(isEnginePackage(type.getPackageName()) && engineSources.contains(type.getProtectionDomain().getCodeSource()));
    }

    private static boolean isEnginePackage(String name) {
        if (!name.startsWith("dev.wsengine.")) {
            return false;
        }
        String rest = name.substring("dev.wsengine.".length());
        int dot = rest.indexOf('.');
        return ENGINE_PACKAGES.contains(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static ServerApplicationConfig instantiate(Class<? extends ServerApplicationConfig> type)
            throws DeploymentException {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeploymentException("Cannot instantiate ServerApplicationConfig " + type.getName()
                    + ": it needs a public no-argument constructor that does not throw", e);
        }
    }
}
