package dev.wsengine.bridge;

import dev.wsengine.server.AllowedOrigins;
import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;

import java.util.Set;

/**
 * Starts our WebSocket container in a web application that the servlet container scans: installs
 * it with {@link WebSocketEngine}, as an application may itself, with the classes found for
 * {@link HandlesTypes} (see {@link EndpointDeployer}: without a {@link ServerApplicationConfig},
 * every {@code @ServerEndpoint} class and no programmatic endpoint; classes that cannot be
 * endpoints are skipped) and the settings of the context init parameters.
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

    public static final String FILTER_NAME = WebSocketEngine.FILTER_NAME;
    public static final String MAX_THREADS_PARAM = WebSocketEngine.MAX_THREADS_PARAM;
    public static final String MAX_BACKLOG_PARAM = WebSocketEngine.MAX_BACKLOG_PARAM;
    /** The browser origins allowed to connect, as {@link AllowedOrigins#parse} reads them; default every origin. */
    public static final String ALLOWED_ORIGINS_PARAM = WebSocketEngine.ALLOWED_ORIGINS_PARAM;
    /** Open sessions beyond which handshakes get 503; 0 for no limit. */
    public static final String MAX_SESSIONS_PARAM = WebSocketEngine.MAX_SESSIONS_PARAM;

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        WebSocketEngine.builder().scanned(classes).install(context);
    }
}
