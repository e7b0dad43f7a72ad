package dev.wsengine.samples.boot;

import dev.wsengine.bridge.WebSocketEngine;
import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.SmartLifecycle;

/**
 * Our WebSocket container in a Spring Boot application with an embedded servlet container, as a
 * bean. Spring Boot's embedded containers run no {@code ServletContainerInitializer} found on the
 * class path, so this installs the engine itself while the web application starts.
 *
 * <p>It also closes the open sessions with 1001 (going away) when the application context stops,
 * before the web server: Spring Boot takes the connectors, and with them every open connection,
 * away before it stops the web application, which would leave clients with no Close frame (1006).
 */
public final class WebSocketEngineInitializer implements ServletContextInitializer, SmartLifecycle {

    private final WebSocketEngine.Builder engine;
    private volatile WsServerContainer container;
    private volatile boolean running;

    /** {@code engine}: the endpoints and settings, {@code WebSocketEngine.builder().endpoints(...)}. */
    public WebSocketEngineInitializer(WebSocketEngine.Builder engine) {
        this.engine = engine;
    }

    @Override
    public void onStartup(ServletContext servletContext) throws ServletException {
        container = engine.install(servletContext);
        running = true;
    }

    /** The installed container, once the web server has started; for endpoints added in code. */
    public WsServerContainer container() {
        return container;
    }

    @Override
    public void start() {
        // Started with the web server, by onStartup.
    }

    @Override
    public void stop() {
        running = false;
        WsServerContainer installed = container;
        if (installed != null) {
            installed.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The default phase, the last to start and the first to stop: before the web server's. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
