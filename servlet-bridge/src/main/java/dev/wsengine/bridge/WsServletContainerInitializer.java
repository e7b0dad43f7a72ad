package dev.wsengine.bridge;

import dev.wsengine.server.AllowedOrigins;
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

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Starts our WebSocket container in a web application: creates the server container and
 * publishes it under {@code jakarta.websocket.server.ServerContainer}, deploys the endpoints the
 * servlet container found for {@link HandlesTypes} (see {@link EndpointDeployer}), installs the
 * filter that answers upgrade requests and the hook behind {@code upgradeHttpToWebSocket}, and
 * stops it all with the application.
 *
 * <p>A deployment mistake fails the start of the web application: {@code onStartup} throws a
 * {@link ServletException} whose cause is the {@link DeploymentException}.
 *
 * <p>Context init parameters: {@value #MAX_THREADS_PARAM} bounds the threads that run
 * connections on the portable transport (default {@value ConnectionThreads#DEFAULT_MAX_THREADS});
 * {@value #MAX_BACKLOG_PARAM} is how many received bytes the application may leave unconsumed
 * on such a connection before it is dropped (default 64 MiB); {@value #ALLOWED_ORIGINS_PARAM} lists
 * the browser origins allowed to connect (default every origin; see {@link AllowedOrigins});
 * {@value #MAX_SESSIONS_PARAM} the open sessions beyond which handshakes get 503 (default
 * {@value WsServerContainer#DEFAULT_MAX_SESSIONS}, 0 for none).
 */
@HandlesTypes({ServerEndpoint.class, Endpoint.class, ServerApplicationConfig.class})
public final class WsServletContainerInitializer implements ServletContainerInitializer {

    public static final String FILTER_NAME = "dev.wsengine.WsFilter";
    public static final String MAX_THREADS_PARAM = "dev.wsengine.maxConnectionThreads";
    public static final String MAX_BACKLOG_PARAM = "dev.wsengine.maxInboundBacklog";
    /** The browser origins allowed to connect, as {@link AllowedOrigins#parse} reads them; default every origin. */
    public static final String ALLOWED_ORIGINS_PARAM = "dev.wsengine.allowedOrigins";
    /** Open sessions beyond which handshakes get 503; 0 for no limit. */
    public static final String MAX_SESSIONS_PARAM = "dev.wsengine.maxSessions";
    static final long DEFAULT_MAX_BACKLOG = 64L << 20;

    private static final System.Logger LOG = System.getLogger(WsServletContainerInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        int maxThreads = intParameter(context, MAX_THREADS_PARAM, ConnectionThreads.DEFAULT_MAX_THREADS);
        long maxBacklog = longParameter(context, MAX_BACKLOG_PARAM, DEFAULT_MAX_BACKLOG);

        ConnectionThreads threads = ConnectionThreads.create("wsengine-io" + context.getContextPath().replace('/', '-'),
                maxThreads, context.getClassLoader());
        ConnectionSwitches switches = ConnectionSwitches.create(threads, maxBacklog);
        try {
            switches.requireUsableOn(context);
        } catch (ServletException e) {
            Shutdown.stopThreads(threads, context.getContextPath());
            throw e;
        }

        WsServerContainer container = new WsServerContainer();
        container.setAllowedOrigins(allowedOrigins(context));
        String maxSessions = context.getInitParameter(MAX_SESSIONS_PARAM);
        if (maxSessions != null && !maxSessions.isBlank()) {
            try {
                container.setMaxSessions(Integer.parseInt(maxSessions.strip()));
            } catch (IllegalArgumentException e) { // NumberFormatException is one
                throw new IllegalArgumentException("Context parameter " + MAX_SESSIONS_PARAM
                        + " must be 0 (no limit) or a positive number, got '" + maxSessions + "'", e);
            }
        }
        context.setAttribute(ServerContainer.class.getName(), container);
        ResponseWriter responses = new ResponseWriter(switches);
        container.setProgrammaticUpgrade(new ServletProgrammaticUpgrade(container, responses));

        try {
            new EndpointDeployer(WsServerContainer.class, WsServletContainerInitializer.class)
                    .deploy(classes, container);
        } catch (DeploymentException e) {
            Shutdown.stopThreads(threads, context.getContextPath());
            container.stop();
            throw new ServletException("WebSocket deployment failed in web application '" + context.getContextPath()
                    + "': " + e.getMessage(), e);
        }

        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new WsFilter(new ContainerEngine(container), responses));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(new Shutdown(container, threads, context.getContextPath()));
    }

    /** Closes every session with 1001 when the application stops, then waits for our threads to end. */
    private record Shutdown(WsServerContainer container, ConnectionThreads threads, String contextPath)
            implements ServletContextListener {

        /** Long enough for the work of closed sessions to drain; a stopping application must not hang. */
        static final Duration THREADS_STOP_TIMEOUT = Duration.ofSeconds(5);

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            try {
                container.stop();
            } finally {
                stopThreads(threads, contextPath);
            }
        }

        static void stopThreads(ConnectionThreads threads, String contextPath) {
            try {
                if (!threads.stop(THREADS_STOP_TIMEOUT)) {
                    LOG.log(System.Logger.Level.WARNING, "WebSocket connection threads of '" + contextPath
                            + "' still running " + THREADS_STOP_TIMEOUT.toSeconds() + " s after the application stopped; interrupted them");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static AllowedOrigins allowedOrigins(ServletContext context) {
        String value = context.getInitParameter(ALLOWED_ORIGINS_PARAM);
        if (value == null || value.isBlank()) {
            return AllowedOrigins.ANY;
        }
        try {
            return AllowedOrigins.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Context parameter " + ALLOWED_ORIGINS_PARAM + ": " + e.getMessage(), e);
        }
    }

    private static int intParameter(ServletContext context, String name, int fallback) {
        long value = longParameter(context, name, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Context parameter " + name + " is too large: " + value);
        }
        return (int) value;
    }

    private static long longParameter(ServletContext context, String name, long fallback) {
        String value = context.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed <= 0) {
                throw new NumberFormatException("must be positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Context parameter " + name + " must be a positive number, got '"
                    + value + "'", e);
        }
    }
}
