package dev.wsengine.bridge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Our WebSocket container for a web application configured by {@code web.xml} alone, where no
 * scanning finds our initializer ({@code metadata-complete}, an absolute ordering that leaves our
 * jar out, or a container that does not run initializers): declare this filter, name the endpoint
 * classes ({@code @ServerEndpoint} and {@code ServerApplicationConfig} classes, as
 * {@link WebSocketEngine.Builder#endpoints(Class[])} takes them) in its init parameter
 * {@value #ENDPOINTS_PARAM}, comma-separated, and map it on {@code /*}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>websocket</filter-name>
 *   <filter-class>dev.wsengine.bridge.WebSocketEngineFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param>
 *     <param-name>dev.wsengine.endpoints</param-name>
 *     <param-value>com.example.ChatEndpoint, com.example.EchoEndpoint</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>websocket</filter-name>
 *   <url-pattern>/*</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Its {@code init} installs the engine as {@link WebSocketEngine#install} does, with the same
 * context init parameters for the settings, but serves the upgrade requests itself instead of
 * adding a filter; destroying it stops the engine. Filters start after the application's
 * listeners, so the {@code ServerContainer} is published only then. A class that cannot be loaded
 * or deployed fails the start of the application with a {@link ServletException} naming it.
 */
public final class WebSocketEngineFilter implements Filter {

    /** Init parameter: the endpoint classes, by fully qualified name, separated by commas or white space. */
    public static final String ENDPOINTS_PARAM = "dev.wsengine.endpoints";

    private volatile WsFilter engine;

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (engine != null) {
            throw new IllegalStateException("Filter '" + config.getFilterName() + "' is already initialized");
        }
        ServletContext context = config.getServletContext();
        List<Class<?>> classes = endpointClasses(config, context);
        engine = WebSocketEngine.builder().endpoints(classes).start(context);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        WsFilter current = engine;
        if (current == null) {
            throw new ServletException(getClass().getName() + " serves requests only between its init and its destroy");
        }
        current.doFilter(request, response, chain);
    }

    @Override
    public void destroy() {
        WsFilter current = engine;
        engine = null;
        if (current != null) {
            current.destroy();
        }
    }

    private static List<Class<?>> endpointClasses(FilterConfig config, ServletContext context) throws ServletException {
        String names = config.getInitParameter(ENDPOINTS_PARAM);
        String where = "Filter '" + config.getFilterName() + "' of web application '" + context.getContextPath() + "'";
        if (names == null || names.isBlank()) {
            throw new ServletException(where + " names no endpoint classes: give them, comma-separated, in its init"
                    + " parameter " + ENDPOINTS_PARAM);
        }
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                : Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names.strip().split("[\\s,]+")) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ServletException(where + ": cannot load endpoint class " + name + " named in " + ENDPOINTS_PARAM
                        + " (" + e + ")", e);
            }
        }
        return classes;
    }
}
