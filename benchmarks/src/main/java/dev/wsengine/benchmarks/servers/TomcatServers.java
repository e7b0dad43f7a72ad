package dev.wsengine.benchmarks.servers;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 with a given websocket initializer: Tomcat's own {@code WsSci} or our bridge's. */
final class TomcatServers {

    private TomcatServers() {
    }

    static Tomcat start(int port, ServletContainerInitializer initializer, boolean tomcatBufferSize) throws Exception {
        Path base = Files.createTempDirectory("bench-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", Launch.HOST);
        // The default 8,192 would stop accepting before the idle figure's 10,000 connections.
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("acceptCount", "1000");
        if (Launch.TOMCAT_SOCKET_BUFFER != null) {
            connector.setProperty("socket.appReadBufSize", Launch.TOMCAT_SOCKET_BUFFER.toString());
            connector.setProperty("socket.appWriteBufSize", Launch.TOMCAT_SOCKET_BUFFER.toString());
        }
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docbase")).toString());
        // Tomcat runs no filter for a request no servlet maps, and the websocket filters sit on /*.
        Tomcat.addServlet(context, "default", new NotFound());
        context.addServletMappingDecoded("/", "default");
        if (tomcatBufferSize) {
            context.addParameter("org.apache.tomcat.websocket.binaryBufferSize", Integer.toString(Launch.binaryLimit()));
        }
        context.addServletContainerInitializer(initializer, Set.of(EchoEndpoint.class, IdleEndpoint.class, StreamEndpoint.class));
        tomcat.start();
        Launch.applyMessageLimit(context.getServletContext().getAttribute(ServerContainer.class.getName()));
        return tomcat;
    }

    static final class NotFound extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
