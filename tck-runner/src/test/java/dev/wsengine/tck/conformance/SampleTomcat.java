package dev.wsengine.tck.conformance;

import dev.wsengine.bridge.WsServletContainerInitializer;
import dev.wsengine.samples.EchoEndpoint;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The samples' echo endpoint in embedded Tomcat 11 (core only, no Tomcat WebSocket), through the portable upgrade. */
final class SampleTomcat implements ConformanceTarget {

    private Tomcat tomcat;

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public URI start() throws Exception {
        Path base = Files.createTempDirectory("conformance-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setProperty("address", "127.0.0.1");
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        // Tomcat runs filters only for a request some servlet is mapped to, as any web application has.
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer(new WsServletContainerInitializer(), Set.of(EchoEndpoint.class));
        tomcat.start();
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
    }

    @Override
    public long maxMessage() {
        return EchoEndpoint.MAX_MESSAGE;
    }

    /** Idempotent: JUnit closes an AutoCloseable argument after the test that closed it already. */
    @Override
    public void close() throws Exception {
        Tomcat running = tomcat;
        tomcat = null;
        if (running != null) {
            running.stop();
            running.destroy();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
