package dev.wsengine.benchmarks.servers;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12.1 EE11 with its own Jakarta WebSocket implementation. */
public final class JettyNative {

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(Launch.HOST);
        connector.setPort(port);
        if (!Launch.IDLE_DEFAULTS) {
            connector.setIdleTimeout(Launch.IDLE_TIMEOUT_MS);
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            // Jetty's sessions time out after 30 s unless told otherwise.
            if (!Launch.IDLE_DEFAULTS) {
                container.setDefaultMaxSessionIdleTimeout(Launch.IDLE_TIMEOUT_MS);
            }
            container.setDefaultMaxBinaryMessageBufferSize(Launch.binaryLimit());
            Launch.applyMessageLimit(container);
            container.addEndpoint(EchoEndpoint.class);
            container.addEndpoint(IdleEndpoint.class);
            container.addEndpoint(StreamEndpoint.class);
        });
        server.setHandler(context);
        server.start();
        Launch.ready("jetty", port);
        server.join();
    }
}
