package dev.wsengine.benchmarks.servers;

import dev.wsengine.bridge.WsServletContainerInitializer;
import jakarta.websocket.server.ServerContainer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Our container inside embedded Jetty 12.1 EE11 through the servlet bridge (no Jetty websocket module on the class path). */
public final class OursOnJetty {

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
        context.addServletContainerInitializer(new WsServletContainerInitializer(), EchoEndpoint.class, IdleEndpoint.class,
                StreamEndpoint.class);
        server.setHandler(context);
        server.start();
        Launch.applyMessageLimit(context.getServletContext().getAttribute(ServerContainer.class.getName()));
        Launch.ready("ours-jetty", port);
        server.join();
    }
}
