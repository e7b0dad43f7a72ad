package dev.wsengine.bridge;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Set;

/**
 * A servlet container running one web application at {@code /app} on 127.0.0.1 and a free port,
 * with our initializer as its only WebSocket support, and a plain servlet answering every
 * request that is not ours. Every server test runs on both Jetty 12.1 and Tomcat 11.
 */
abstract class EmbeddedServer implements AutoCloseable {

    static final String CONTEXT = "/app";

    abstract int port();

    /** Stops the web application alone, as a redeploy would; the server keeps running. */
    abstract void stopWebApp() throws Exception;

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + CONTEXT + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + CONTEXT + path);
    }

    static EmbeddedServer start(String container, Class<?>... endpoints) throws Exception {
        return switch (container) {
            case "jetty" -> new JettyServer(endpoints);
            case "tomcat" -> new TomcatServer(endpoints);
            default -> throw new IllegalArgumentException(container);
        };
    }

    /** Answers plain HTTP requests, so tests can tell "passed down the chain" from "handled by us". */
    static final class PlainServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.getWriter().write("plain servlet");
        }
    }

    private static final class JettyServer extends EmbeddedServer {
        private final Server server = new Server();
        private final ServletContextHandler context = new ServletContextHandler(CONTEXT);
        private final ServerConnector connector;

        JettyServer(Class<?>... endpoints) throws Exception {
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            context.addServletContainerInitializer(new WsServletContainerInitializer(), endpoints);
            context.addServlet(new ServletHolder(new PlainServlet()), "/*");
            context.addServlet(new ServletHolder(new ManualUpgradeServlet()), "/manual");
            server.setHandler(context);
            server.start();
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        void stopWebApp() throws Exception {
            context.stop();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    private static final class TomcatServer extends EmbeddedServer {
        private final Tomcat tomcat = new Tomcat();
        private final Context context;

        TomcatServer(Class<?>... endpoints) throws Exception {
            tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            context = tomcat.addContext(CONTEXT, Files.createTempDirectory("webapp").toString());
            ServletContainerInitializer sci = new WsServletContainerInitializer();
            context.addServletContainerInitializer(sci, Set.of(endpoints));
            Tomcat.addServlet(context, "plain", new PlainServlet());
            context.addServletMappingDecoded("/*", "plain");
            Tomcat.addServlet(context, "manual", new ManualUpgradeServlet());
            context.addServletMappingDecoded("/manual", "manual");
            tomcat.start();
        }

        @Override
        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        void stopWebApp() throws Exception {
            context.stop();
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
