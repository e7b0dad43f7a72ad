package dev.wsengine.bridge;

import dev.wsengine.endpoint.AnnotatedEndpoint;
import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Starts our WebSocket container in a web application: creates the server container, publishes
 * it under {@code jakarta.websocket.server.ServerContainer}, deploys the endpoints the container
 * found for {@link HandlesTypes} (filtered by the application's {@link ServerApplicationConfig}s,
 * if it has any), and installs the filter that answers upgrade requests.
 */
@HandlesTypes({ServerEndpoint.class, Endpoint.class, ServerApplicationConfig.class})
public final class WsServletContainerInitializer implements ServletContainerInitializer {

    public static final String FILTER_NAME = "dev.wsengine.WsFilter";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        WsServerContainer container = new WsServerContainer();
        container.setProgrammaticUpgrade(new ServletProgrammaticUpgrade(container));
        context.setAttribute(ServerContainer.class.getName(), container);
        try {
            deploy(classes == null ? Set.of() : classes, container);
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket deployment failed in " + context.getContextPath() + ": "
                    + e.getMessage(), e);
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new WsFilter(container));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                container.stop();
            }
        });
    }

    private static void deploy(Set<Class<?>> classes, WsServerContainer container) throws DeploymentException {
        Set<Class<?>> annotated = new LinkedHashSet<>();
        Set<Class<? extends Endpoint>> programmatic = new LinkedHashSet<>();
        Set<ServerApplicationConfig> configs = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            if (!isApplicationClass(type)) {
                continue;
            }
            if (ServerApplicationConfig.class.isAssignableFrom(type)) {
                configs.add(instantiate(type.asSubclass(ServerApplicationConfig.class)));
            }
            if (type.isAnnotationPresent(ServerEndpoint.class)) {
                annotated.add(type);
            }
            if (Endpoint.class.isAssignableFrom(type)) {
                programmatic.add(type.asSubclass(Endpoint.class));
            }
        }
        Set<Class<?>> annotatedToDeploy = new LinkedHashSet<>();
        Set<ServerEndpointConfig> configsToDeploy = new LinkedHashSet<>();
        if (configs.isEmpty()) {
            annotatedToDeploy.addAll(annotated);
        } else {
            for (ServerApplicationConfig config : configs) {
                Set<Class<?>> chosen = config.getAnnotatedEndpointClasses(new HashSet<>(annotated));
                if (chosen != null) {
                    annotatedToDeploy.addAll(chosen);
                }
                Set<ServerEndpointConfig> endpoints = config.getEndpointConfigs(new HashSet<>(programmatic));
                if (endpoints != null) {
                    configsToDeploy.addAll(endpoints);
                }
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
     * Skips what cannot be an application's endpoint: abstract and non-public classes, the API's
     * own types, and the engine's adapter for annotated endpoints (it extends {@code Endpoint} too).
     */
    private static boolean isApplicationClass(Class<?> type) {
        int modifiers = type.getModifiers();
        return Modifier.isPublic(modifiers) && !Modifier.isAbstract(modifiers) && !type.isInterface()
                && !type.getName().startsWith("jakarta.websocket.") && type != AnnotatedEndpoint.class;
    }

    private static <T> T instantiate(Class<T> type) throws DeploymentException {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("Cannot instantiate " + type.getName()
                    + ": a ServerApplicationConfig needs a public no-argument constructor", e);
        }
    }
}
