package dev.wsengine.benchmarks.harness;

import java.util.List;
import java.util.Set;

/**
 * The servers under test: the launcher each runs, the artifacts its process may see, and the
 * package its one default configurator must come from.
 */
public enum ServerKind {

    OURS_JETTY("ours-jetty", "ours on Jetty 12.1", true, "dev.wsengine.benchmarks.servers.OursOnJetty", "dev.wsengine.",
            Set.of("api-impl", "servlet-bridge", "jakarta.servlet-api", "jetty-server", "jetty-http", "jetty-io",
                    "jetty-util", "jetty-security", "jetty-session", "jetty-ee11-servlet", "slf4j-api")),
    JETTY("jetty", "Jetty 12.1 EE11", false, "dev.wsengine.benchmarks.servers.JettyNative", "org.eclipse.jetty.",
            Set.of("jakarta.servlet-api", "jetty-server", "jetty-http", "jetty-io", "jetty-util", "jetty-security",
                    "jetty-session", "jetty-ee11-servlet", "slf4j-api", "jetty-ee11-websocket-jakarta-server",
                    "jetty-ee11-annotations", "jakarta.annotation-api", "jetty-annotations", "jetty-ee11-plus",
                    "jakarta.el-api", "jakarta.enterprise.cdi-api", "jakarta.enterprise.lang-model", "jakarta.inject-api",
                    "jakarta.interceptor-api", "jakarta.transaction-api", "jetty-jndi", "jetty-plus", "jetty-ee11-webapp",
                    "jetty-xml", "jetty-ee-webapp", "asm", "asm-commons", "asm-tree",
                    "jetty-ee11-websocket-jakarta-client", "jetty-client", "jetty-alpn-client", "jetty-compression-gzip",
                    "jetty-compression-common", "jetty-ee11-websocket-jakarta-common", "jetty-websocket-core-client",
                    "jetty-websocket-core-common", "jetty-ee11-websocket-servlet", "jetty-websocket-core-server")),
    TOMCAT("tomcat", "Tomcat 11", false, "dev.wsengine.benchmarks.servers.TomcatNative", "org.apache.tomcat.",
            Set.of("tomcat-embed-core", "tomcat-annotations-api", "tomcat-embed-websocket")),
    TYRUS("tyrus", "Tyrus 2.2 + Grizzly", false, "dev.wsengine.benchmarks.servers.TyrusGrizzly", "org.glassfish.tyrus.",
            Set.of("tyrus-server", "jakarta.xml.bind-api", "jakarta.activation-api", "tyrus-client", "tyrus-core",
                    "tyrus-spi", "tyrus-container-grizzly-client", "tyrus-container-grizzly-server", "grizzly-framework",
                    "grizzly-http-server", "grizzly-http")),
    OURS_TOMCAT("ours-tomcat", "ours on Tomcat 11", true, "dev.wsengine.benchmarks.servers.OursOnTomcat", "dev.wsengine.",
            Set.of("api-impl", "servlet-bridge", "tomcat-embed-core", "tomcat-annotations-api")),
    UNDERTOW("undertow", "Undertow 2.3", false, "dev.wsengine.benchmarks.servers.UndertowNative", "io.undertow.",
            union(Undertow.CORE, Set.of("undertow-websockets-jsr")), Undertow.PINNED),
    OURS_UNDERTOW("ours-undertow", "ours on Undertow 2.3", true, "dev.wsengine.benchmarks.servers.OursOnUndertow", "dev.wsengine.",
            union(Undertow.CORE, Set.of("api-impl", "servlet-bridge")), Undertow.PINNED),
    /**
     * Not a server under test: a blocking echo of a few dozen lines, measured on the latency figure
     * only, as a baseline for the latency tail on this machine. No WebSocket implementation on its class path,
     * so its ready line must name no configurator at all.
     */
    BASELINE("baseline", "blocking echo baseline", false, "dev.wsengine.benchmarks.servers.BaselineEcho", "", Set.of());

    /** What every server's process sees besides its own share: the launchers and the endpoints' API. */
    static final Set<String> COMMON = Set.of("jakarta.websocket-api", "jakarta.websocket-client-api");

    /** The peers "best peer" is taken from; ours on Tomcat and on Undertow are ours, shown but never a peer. */
    static final List<ServerKind> PEERS = List.of(JETTY, TOMCAT, TYRUS, UNDERTOW);

    final String id;
    final String label;
    final boolean ours;
    final String mainClass;
    final String configuratorPackage;
    final Set<String> artifacts;
    /**
     * Artifacts this server needs at another version than the module resolves: taken from the jars
     * the pom copies into {@code target/pinned}, never from the module's class path.
     */
    final Set<String> pinned;

    ServerKind(String id, String label, boolean ours, String mainClass, String configuratorPackage, Set<String> artifacts) {
        this(id, label, ours, mainClass, configuratorPackage, artifacts, Set.of());
    }

    ServerKind(String id, String label, boolean ours, String mainClass, String configuratorPackage, Set<String> artifacts,
               Set<String> pinned) {
        this.id = id;
        this.label = label;
        this.ours = ours;
        this.mainClass = mainClass;
        this.configuratorPackage = configuratorPackage;
        this.artifacts = artifacts;
        this.pinned = pinned;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** What both Undertow servers share (an enum's constants cannot read its own static fields). */
    private static final class Undertow {
        /** Undertow core and servlet with what they need at run time, as undertow-servlet's pom lists it. */
        static final Set<String> CORE = Set.of("undertow-core", "undertow-servlet", "jboss-logging", "xnio-api", "xnio-nio",
                "jboss-threads", "wildfly-common", "wildfly-client-config", "smallrye-common-annotation",
                "smallrye-common-constraint", "smallrye-common-cpu", "smallrye-common-function", "jakarta.annotation-api");
        /** Undertow 2.3 implements Servlet 6.0: the 6.0 API jar it ships with, not the module's 6.1. */
        static final Set<String> PINNED = Set.of("jakarta.servlet-api");
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static ServerKind byId(String id) {
        for (ServerKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no server " + id);
    }
}
