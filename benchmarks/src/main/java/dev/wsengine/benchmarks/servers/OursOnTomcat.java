package dev.wsengine.benchmarks.servers;

import dev.wsengine.bridge.WsServletContainerInitializer;
import org.apache.catalina.startup.Tomcat;

/** Our container inside Tomcat 11 ({@code tomcat-embed-core} only) through the servlet bridge's portable upgrade. */
public final class OursOnTomcat {

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        Tomcat tomcat = TomcatServers.start(port, new WsServletContainerInitializer(), false);
        Launch.ready("ours-tomcat", port);
        tomcat.getServer().await();
    }
}
