package dev.wsengine.bridge;

import dev.wsengine.extensions.DeflateConfig;
import dev.wsengine.server.AllowedOrigins;
import dev.wsengine.server.WsServerContainer;
import dev.wsengine.settings.SettingProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Starts our WebSocket container in a web application, with no class-path scanning: from a
 * {@code ServletContextListener}, Spring Boot's {@code ServletContextInitializer}, or the code that
 * builds an embedded Jetty or Tomcat context. Our {@link WsServletContainerInitializer} and
 * {@link WebSocketEngineFilter} start it the same way.
 *
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent event) {
 *     WebSocketEngine.install(event.getServletContext(), ChatEndpoint.class, MyApplicationConfig.class);
 * }
 * }</pre>
 *
 * <p>Installing creates the {@link WsServerContainer}, publishes it under
 * {@code jakarta.websocket.server.ServerContainer}, deploys the endpoints and maps a filter named
 * {@value #FILTER_NAME} on {@code /*} that answers upgrade requests for registered paths and passes
 * every other request on. The endpoints may be {@link ServerEndpoint @ServerEndpoint} classes,
 * {@link ServerApplicationConfig} classes (which then choose among the other classes given, as
 * the specification has them choose among scanned ones) and {@link ServerEndpointConfig}s for
 * programmatic {@link Endpoint}s ({@link Builder#endpoint}). More endpoints may be added to the
 * returned container until the application serves its first request. The engine stops with the
 * application: open sessions are closed with 1001 when its filter is destroyed.
 *
 * <p>It must be called while the application starts (the Servlet API lets filters be added only
 * then), once per application: a second install fails with an {@link IllegalStateException}.
 *
 * <p>Settings left unset on the {@link Builder} come from the context init parameters
 * {@value #MAX_THREADS_PARAM}, {@value #MAX_BACKLOG_PARAM}, {@value #ALLOWED_ORIGINS_PARAM} and
 * {@value #MAX_SESSIONS_PARAM}, and without those from the defaults the builder's setters name.
 * The container's defaults come from {@value #IDLE_TIMEOUT_PARAM}, {@value #MAX_TEXT_MESSAGE_PARAM},
 * {@value #MAX_BINARY_MESSAGE_PARAM}, {@value #ASYNC_SEND_TIMEOUT_PARAM}, {@value #DEFLATE_PARAM},
 * {@value #DEFLATE_LEVEL_PARAM}, {@value #DEFLATE_THRESHOLD_PARAM},
 * the handshake limits from {@value #MAX_HANDSHAKE_HEADER_BYTES_PARAM} and
 * {@value #MAX_HANDSHAKE_HEADERS_PARAM}, the container's buffer budget from
 * {@value #MAX_BUFFERED_BYTES_TOTAL_PARAM}, and the send and peer limits from the names of
 * {@link SettingProperties} ({@code dev.wsengine.sendQueueHighWaterBytes},
 * {@code dev.wsengine.keepAliveIntervalMs}, {@code dev.wsengine.maxFragmentsPerMessage} …) when
 * given; in code, set them on the container {@code install} returns. A value that is not valid
 * fails the start with an error naming the parameter.
 */
public final class WebSocketEngine {

    /** The name of the filter {@link Builder#install} maps on {@code /*}. */
    public static final String FILTER_NAME = "dev.wsengine.WsFilter";
    /** Context init parameter for {@link Builder#maxConnectionThreads}. */
    public static final String MAX_THREADS_PARAM = "dev.wsengine.maxConnectionThreads";
    /** Context init parameter for {@link Builder#maxInboundBacklog}. */
    public static final String MAX_BACKLOG_PARAM = "dev.wsengine.maxInboundBacklog";
    /** Context init parameter for {@link Builder#allowedOrigins(String)}. */
    public static final String ALLOWED_ORIGINS_PARAM = "dev.wsengine.allowedOrigins";
    /** Context init parameter for {@link Builder#maxSessions}. */
    public static final String MAX_SESSIONS_PARAM = "dev.wsengine.maxSessions";
    /**
     * Bytes all sessions together may hold for their peers, past which the biggest queue is closed
     * with 1013, 0 for no limit; default a quarter of the heap (see {@code BufferBudget}).
     */
    public static final String MAX_BUFFERED_BYTES_TOTAL_PARAM = "dev.wsengine.maxBufferedBytesTotal";
    /** Session idle timeout in ms, 0 for none; default {@value WsServerContainer#DEFAULT_MAX_SESSION_IDLE_TIMEOUT_MS}. */
    public static final String IDLE_TIMEOUT_PARAM = "dev.wsengine.idleTimeoutMs";
    /** Largest whole text message in bytes (1009 beyond); default {@value WsServerContainer#DEFAULT_MAX_TEXT_MESSAGE_BUFFER_SIZE}. */
    public static final String MAX_TEXT_MESSAGE_PARAM = "dev.wsengine.maxTextMessageBytes";
    /** Largest whole binary message in bytes (1009 beyond); default {@value WsServerContainer#DEFAULT_MAX_BINARY_MESSAGE_BUFFER_SIZE}. */
    public static final String MAX_BINARY_MESSAGE_PARAM = "dev.wsengine.maxBinaryMessageBytes";
    /** Timeout of asynchronous sends in ms, 0 for none; default none. */
    public static final String ASYNC_SEND_TIMEOUT_PARAM = "dev.wsengine.asyncSendTimeoutMs";
    /** {@code false} turns permessage-deflate off; default on. */
    public static final String DEFLATE_PARAM = "dev.wsengine.permessageDeflate";
    /** permessage-deflate's zlib level, 0 to 9; default 6 ({@code DeflateConfig}). */
    public static final String DEFLATE_LEVEL_PARAM = "dev.wsengine.deflateLevel";
    /** Messages shorter than this many bytes go uncompressed; default 32 ({@code DeflateConfig}). */
    public static final String DEFLATE_THRESHOLD_PARAM = "dev.wsengine.deflateThresholdBytes";
    /** Context parameter: {@code false} keeps the metrics out of JMX (default {@code true}). */
    public static final String JMX_PARAM = "dev.wsengine.jmx";

    /** Header bytes of an upgrade request (431 beyond); default {@value WsServerContainer#DEFAULT_MAX_HANDSHAKE_HEADER_BYTES}. */
    public static final String MAX_HANDSHAKE_HEADER_BYTES_PARAM = "dev.wsengine.maxHandshakeHeaderBytes";
    /** Header lines of an upgrade request (431 beyond); default {@value WsServerContainer#DEFAULT_MAX_HANDSHAKE_HEADERS}. */
    public static final String MAX_HANDSHAKE_HEADERS_PARAM = "dev.wsengine.maxHandshakeHeaders";

    static final long DEFAULT_MAX_BACKLOG = 64L << 20;

    /** Long enough for the work of closed sessions to drain; a stopping application must not hang. */
    static final Duration THREADS_STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(WebSocketEngine.class.getName());

    private WebSocketEngine() {
    }

    /**
     * Installs the engine in {@code context} with {@code endpoints} ({@code @ServerEndpoint} and
     * {@code ServerApplicationConfig} classes) and the settings of its context init parameters.
     *
     * @return the container, also published under {@code jakarta.websocket.server.ServerContainer}
     * @throws ServletException whose cause is a {@link DeploymentException} naming the class, when
     *         an endpoint cannot be deployed
     * @throws IllegalStateException when the engine, or another WebSocket implementation, is already
     *         installed in {@code context}, or when the application has already started
     */
    public static WsServerContainer install(ServletContext context, Class<?>... endpoints) throws ServletException {
        return builder().endpoints(endpoints).install(context);
    }

    /** A builder for the endpoints and the container settings, then {@link Builder#install}. */
    public static Builder builder() {
        return new Builder();
    }

    /** What to deploy and how to configure the container; not thread-safe, used once or more. */
    public static final class Builder {

        private final List<Class<?>> classes = new ArrayList<>();
        private final List<ServerEndpointConfig> configs = new ArrayList<>();
        /** The classes came from a {@code @HandlesTypes} scan: deploy what qualifies, skip the rest quietly. */
        private boolean scanned;
        private Integer maxThreads;
        private Long maxBacklog;
        private AllowedOrigins allowedOrigins;
        private Integer maxSessions;

        private Builder() {
        }

        /**
         * Adds {@code @ServerEndpoint} classes, {@code ServerApplicationConfig} classes, and
         * {@code Endpoint} subclasses for those configurations to choose from
         * ({@code getEndpointConfigs}); an {@code Endpoint} subclass with no configuration to give
         * it a path is a deployment error.
         */
        public Builder endpoints(Class<?>... types) {
            return endpoints(List.of(types));
        }

        /** As {@link #endpoints(Class[])}. */
        public Builder endpoints(Collection<? extends Class<?>> types) {
            for (Class<?> type : types) {
                classes.add(Objects.requireNonNull(type, "endpoint class"));
            }
            return this;
        }

        /** Adds a programmatic endpoint, as {@link ServerContainer#addEndpoint(ServerEndpointConfig)} would. */
        public Builder endpoint(ServerEndpointConfig config) {
            configs.add(Objects.requireNonNull(config, "config"));
            return this;
        }

        /** Threads that run connections on the portable servlet transport; default 200. */
        public Builder maxConnectionThreads(int threads) {
            if (threads <= 0) {
                throw new IllegalArgumentException("maxConnectionThreads must be positive, got " + threads);
            }
            this.maxThreads = threads;
            return this;
        }

        /**
         * Received bytes the application may leave unconsumed on a connection of the portable
         * transport before the connection is dropped; default 64 MiB.
         */
        public Builder maxInboundBacklog(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxInboundBacklog must be positive, got " + bytes);
            }
            this.maxBacklog = bytes;
            return this;
        }

        /**
         * The browser origins allowed to connect, comma-separated, as {@link AllowedOrigins#parse}
         * reads them ({@code https://*.example.com, http://localhost:*}); default every origin.
         */
        public Builder allowedOrigins(String commaSeparated) {
            return allowedOrigins(AllowedOrigins.parse(commaSeparated));
        }

        /** As {@link #allowedOrigins(String)}. */
        public Builder allowedOrigins(AllowedOrigins origins) {
            this.allowedOrigins = Objects.requireNonNull(origins, "origins");
            return this;
        }

        /**
         * Open sessions beyond which handshakes are answered 503; 0 for no limit; default
         * {@value WsServerContainer#DEFAULT_MAX_SESSIONS}.
         */
        public Builder maxSessions(int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("maxSessions must be 0 (no limit) or positive, got " + sessions);
            }
            this.maxSessions = sessions;
            return this;
        }

        /**
         * Installs the engine in {@code context}: see {@link WebSocketEngine}.
         *
         * @return the container, also published under {@code jakarta.websocket.server.ServerContainer}
         * @throws ServletException whose cause is a {@link DeploymentException} naming the class,
         *         when an endpoint cannot be deployed
         * @throws IllegalStateException when a WebSocket container is already installed in
         *         {@code context}, or the application has already started
         */
        public WsServerContainer install(ServletContext context) throws ServletException {
            WsFilter filter = start(context);
            FilterRegistration.Dynamic registration;
            try {
                registration = context.addFilter(FILTER_NAME, filter);
            } catch (IllegalStateException | UnsupportedOperationException e) {
                abandon(context, filter);
                throw new IllegalStateException("Cannot install the WebSocket engine in web application '"
                        + context.getContextPath() + "' now (" + e.getMessage() + "): install it while the application"
                        + " starts, from a ServletContainerInitializer, a ServletContextListener declared in web.xml"
                        + " or annotated @WebListener, or Spring Boot's ServletContextInitializer", e);
            }
            if (registration == null) {
                abandon(context, filter);
                throw new IllegalStateException("Web application '" + context.getContextPath() + "' already has a filter"
                        + " named " + FILTER_NAME + ": declare " + WebSocketEngineFilter.class.getName()
                        + " in web.xml or install the engine in code, not both");
            }
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            return filter.container();
        }

        Builder scanned(Set<Class<?>> found) {
            scanned = true;
            return endpoints(found == null ? Set.of() : found);
        }

        /**
         * Everything {@link #install} does but mapping the filter: the caller serves requests
         * through the filter returned, and destroying it stops the engine.
         */
        WsFilter start(ServletContext context) throws ServletException {
            Object existing = context.getAttribute(ServerContainer.class.getName());
            if (existing != null) {
                throw new IllegalStateException(alreadyInstalled(context, existing));
            }
            int threadsBound = maxThreads != null ? maxThreads
                    : (int) Math.min(Integer.MAX_VALUE, positiveParameter(context, MAX_THREADS_PARAM,
                            ConnectionThreads.DEFAULT_MAX_THREADS, Integer.MAX_VALUE));
            long backlog = maxBacklog != null ? maxBacklog
                    : positiveParameter(context, MAX_BACKLOG_PARAM, DEFAULT_MAX_BACKLOG, Long.MAX_VALUE);
            AllowedOrigins origins = allowedOrigins != null ? allowedOrigins : originsParameter(context);
            Integer sessions = maxSessions != null ? maxSessions : sessionsParameter(context);

            WsServerContainer container = new WsServerContainer();
            ConnectionThreads threads = ConnectionThreads.create("wsengine-io" + context.getContextPath().replace('/', '-'),
                    threadsBound, context.getClassLoader(), container.scheduler());
            ConnectionSwitches switches = ConnectionSwitches.create(threads, backlog, container.scheduler());
            Runnable stop = () -> stop(container, threads, context.getContextPath());
            try {
                switches.requireUsableOn(context);
                container.setAllowedOrigins(origins);
                if (sessions != null) {
                    container.setMaxSessions(sessions);
                }
                applyContainerParameters(context, container);
                if (jmxParameter(context)) {
                    container.exportMetrics(context.getContextPath());
                }
                ResponseWriter responses = new ResponseWriter(switches);
                container.setProgrammaticUpgrade(new ServletProgrammaticUpgrade(container, responses));
                context.setAttribute(ServerContainer.class.getName(), container);
                deploy(container);
                return new WsFilter(new ContainerEngine(container), responses, container, stop);
            } catch (DeploymentException e) {
                context.removeAttribute(ServerContainer.class.getName());
                stop.run();
                throw new ServletException("WebSocket deployment failed in web application '" + context.getContextPath()
                        + "': " + e.getMessage(), e);
            } catch (ServletException | RuntimeException e) {
                context.removeAttribute(ServerContainer.class.getName());
                stop.run();
                throw e;
            }
        }

        private void deploy(WsServerContainer container) throws DeploymentException {
            EndpointDeployer deployer = new EndpointDeployer(WsServerContainer.class, WebSocketEngine.class);
            Set<Class<?>> types = new LinkedHashSet<>(classes);
            if (scanned) {
                deployer.deploy(types, container);
            } else {
                deployer.deployNamed(types, container);
            }
            for (ServerEndpointConfig config : configs) {
                container.addEndpoint(config);
            }
        }

        private static void abandon(ServletContext context, WsFilter filter) {
            context.removeAttribute(ServerContainer.class.getName());
            filter.destroy();
        }
    }

    private static String alreadyInstalled(ServletContext context, Object existing) {
        String where = "web application '" + context.getContextPath() + "'";
        if (existing instanceof WsServerContainer) {
            return "The WebSocket engine is already installed in " + where + "; install it once: by"
                    + " WsServletContainerInitializer (class-path scanning), WebSocketEngine.install or "
                    + WebSocketEngineFilter.class.getSimpleName() + " in web.xml, not two of them (turn scanning off with"
                    + " metadata-complete or absolute ordering, or leave the explicit install out)";
        }
        return "Another WebSocket implementation (" + existing.getClass().getName() + ") is already installed in " + where
                + " under " + ServerContainer.class.getName() + "; remove it from the application (for Tomcat:"
                + " tomcat-embed-websocket, for Jetty: its ee11-websocket modules)";
    }

    /** Closes every session with 1001, then waits for our threads to end. */
    private static void stop(WsServerContainer container, ConnectionThreads threads, String contextPath) {
        try {
            container.stop();
        } finally {
            try {
                if (!threads.stop(THREADS_STOP_TIMEOUT)) {
                    LOG.log(System.Logger.Level.WARNING, "WebSocket connection threads of '" + contextPath + "' still running "
                            + THREADS_STOP_TIMEOUT.toSeconds() + " s after the application stopped; interrupted them");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long positiveParameter(ServletContext context, String name, long fallback, long max) {
        String value = context.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed <= 0) {
                throw new NumberFormatException("must be positive");
            }
            if (parsed > max) {
                throw new IllegalArgumentException("Context parameter " + name + " is too large: " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Context parameter " + name + " must be a positive number, got '"
                    + value + "'", e);
        }
    }

    /** The {@code WebSocketContainer} defaults and deflate, each from its context parameter when given. */
    private static void applyContainerParameters(ServletContext context, WsServerContainer container) {
        Long idle = numberParameter(context, IDLE_TIMEOUT_PARAM, 0, Long.MAX_VALUE);
        if (idle != null) {
            container.setDefaultMaxSessionIdleTimeout(idle);
        }
        Long text = numberParameter(context, MAX_TEXT_MESSAGE_PARAM, 1, Integer.MAX_VALUE);
        if (text != null) {
            container.setDefaultMaxTextMessageBufferSize(text.intValue());
        }
        Long binary = numberParameter(context, MAX_BINARY_MESSAGE_PARAM, 1, Integer.MAX_VALUE);
        if (binary != null) {
            container.setDefaultMaxBinaryMessageBufferSize(binary.intValue());
        }
        Long sendTimeout = numberParameter(context, ASYNC_SEND_TIMEOUT_PARAM, 0, Long.MAX_VALUE);
        if (sendTimeout != null) {
            container.setAsyncSendTimeout(sendTimeout);
        }
        Long headerBytes = numberParameter(context, MAX_HANDSHAKE_HEADER_BYTES_PARAM, 1, Integer.MAX_VALUE);
        if (headerBytes != null) {
            container.setMaxHandshakeHeaderBytes(headerBytes.intValue());
        }
        Long headers = numberParameter(context, MAX_HANDSHAKE_HEADERS_PARAM, 1, Integer.MAX_VALUE);
        if (headers != null) {
            container.setMaxHandshakeHeaders(headers.intValue());
        }
        Long budget = numberParameter(context, MAX_BUFFERED_BYTES_TOTAL_PARAM, 0, Long.MAX_VALUE);
        if (budget != null) {
            container.setMaxBufferedBytesTotal(budget);
        }
        container.setSendLimits(SettingProperties.sendLimits(context::getInitParameter, container.getSendLimits(),
                "Context parameter"));
        container.setPeerLimits(SettingProperties.peerLimits(context::getInitParameter, container.getPeerLimits(),
                "Context parameter"));
        Long level = numberParameter(context, DEFLATE_LEVEL_PARAM, Deflater.NO_COMPRESSION, Deflater.BEST_COMPRESSION);
        Long threshold = numberParameter(context, DEFLATE_THRESHOLD_PARAM, 0, Integer.MAX_VALUE);
        if (level != null || threshold != null) {
            DeflateConfig.Builder config = DeflateConfig.builder();
            if (level != null) {
                config.compressionLevel(level.intValue());
            }
            if (threshold != null) {
                config.compressionThreshold(threshold.intValue());
            }
            container.setDeflateConfig(config.build());
        }
        String deflate = context.getInitParameter(DEFLATE_PARAM);
        if (deflate != null && !deflate.isBlank()) {
            switch (deflate.strip()) {
                case "true" -> { } // the default
                case "false" -> container.setServerExtensions(List.of());
                default -> throw new IllegalArgumentException("Context parameter " + DEFLATE_PARAM
                        + " must be true or false, got '" + deflate + "'");
            }
        }
    }

    /** Whether to register the container's metrics with JMX: {@value #JMX_PARAM}, true unless {@code false}. */
    private static boolean jmxParameter(ServletContext context) {
        String value = context.getInitParameter(JMX_PARAM);
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Context parameter " + JMX_PARAM
                    + " must be true or false, got '" + value + "'");
        };
    }

    /** The parameter's value between {@code min} and {@code max}, or null when it is not given. */
    private static Long numberParameter(ServletContext context, String name, long min, long max) {
        String value = context.getInitParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException("Context parameter " + name + " must be a number from " + min + " to "
                + max + ", got '" + value + "'");
    }

    private static AllowedOrigins originsParameter(ServletContext context) {
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

    private static Integer sessionsParameter(ServletContext context) {
        String value = context.getInitParameter(MAX_SESSIONS_PARAM);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException("negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Context parameter " + MAX_SESSIONS_PARAM
                    + " must be 0 (no limit) or a positive number, got '" + value + "'", e);
        }
    }
}
