package dev.wsengine.benchmarks.servers;

import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Tomcat 11 with its own WebSocket implementation ({@code tomcat-embed-websocket}). */
public final class TomcatNative {

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        Tomcat tomcat = TomcatServers.start(port, new WsSci(), true);
        Launch.ready("tomcat", port);
        tomcat.getServer().await();
    }
}
