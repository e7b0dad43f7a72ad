package dev.wsengine.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerClasspathTest {

    private static final String M2 = "/root/.m2/repository/";

    @Test
    void artifactIsTheJarNameWithoutItsVersionOrTheModuleOfTargetClasses() {
        assertEquals("jetty-ee11-websocket-jakarta-server",
                ServerClasspath.artifactOf(M2 + "org/eclipse/jetty/ee11/websocket/jetty-ee11-websocket-jakarta-server/12.1.14/jetty-ee11-websocket-jakarta-server-12.1.14.jar"));
        assertEquals("api-impl", ServerClasspath.artifactOf("/w/api-impl/target/api-impl-0.1.0-SNAPSHOT.jar"));
        assertEquals("servlet-bridge", ServerClasspath.artifactOf("/w/servlet-bridge/target/classes"));
        assertEquals("asm", ServerClasspath.artifactOf(M2 + "org/ow2/asm/asm/9.10.1/asm-9.10.1.jar"));
    }

    @Test
    void eachServerGetsOnlyItsOwnShare() {
        String full = String.join(File.pathSeparator, List.of(
                "/w/api-impl/target/api-impl-0.1.0-SNAPSHOT.jar",
                "/w/servlet-bridge/target/servlet-bridge-0.1.0-SNAPSHOT.jar",
                M2 + "jakarta/websocket/jakarta.websocket-api/2.2.0/jakarta.websocket-api-2.2.0.jar",
                M2 + "jakarta/websocket/jakarta.websocket-client-api/2.2.0/jakarta.websocket-client-api-2.2.0.jar",
                M2 + "org/apache/tomcat/embed/tomcat-embed-core/11.0.27/tomcat-embed-core-11.0.27.jar",
                M2 + "org/apache/tomcat/tomcat-annotations-api/11.0.27/tomcat-annotations-api-11.0.27.jar",
                M2 + "org/apache/tomcat/embed/tomcat-embed-websocket/11.0.27/tomcat-embed-websocket-11.0.27.jar",
                M2 + "org/glassfish/tyrus/tyrus-core/2.2.2/tyrus-core-2.2.2.jar"));
        String ours = ServerClasspath.forServer(ServerKind.OURS_TOMCAT, "/w/benchmarks/target/classes", full);
        assertTrue(ours.startsWith("/w/benchmarks/target/classes" + File.pathSeparator));
        assertTrue(ours.contains("api-impl-0.1.0-SNAPSHOT.jar"));
        assertTrue(ours.contains("tomcat-embed-core"));
        assertFalse(ours.contains("tomcat-embed-websocket"), ours);
        assertFalse(ours.contains("tyrus"), ours);
        String tomcat = ServerClasspath.forServer(ServerKind.TOMCAT, "/c", full);
        assertTrue(tomcat.contains("tomcat-embed-websocket"));
        assertFalse(tomcat.contains("api-impl"), tomcat);
        assertFalse(tomcat.contains("servlet-bridge"), tomcat);
    }

    /** The Undertow shares: its jars, the 6.0 servlet API from the pinned jars instead of the module's 6.1. */
    private static final String UNDERTOW_FULL = String.join(File.pathSeparator, List.of(
            "/w/api-impl/target/api-impl-0.1.0-SNAPSHOT.jar",
            "/w/servlet-bridge/target/servlet-bridge-0.1.0-SNAPSHOT.jar",
            M2 + "jakarta/websocket/jakarta.websocket-api/2.2.0/jakarta.websocket-api-2.2.0.jar",
            M2 + "jakarta/websocket/jakarta.websocket-client-api/2.2.0/jakarta.websocket-client-api-2.2.0.jar",
            M2 + "jakarta/servlet/jakarta.servlet-api/6.1.0/jakarta.servlet-api-6.1.0.jar",
            M2 + "jakarta/annotation/jakarta.annotation-api/3.0.0/jakarta.annotation-api-3.0.0.jar",
            M2 + "io/undertow/undertow-core/2.3.20.Final/undertow-core-2.3.20.Final.jar",
            M2 + "io/undertow/undertow-servlet/2.3.20.Final/undertow-servlet-2.3.20.Final.jar",
            M2 + "io/undertow/undertow-websockets-jsr/2.3.20.Final/undertow-websockets-jsr-2.3.20.Final.jar",
            M2 + "org/jboss/logging/jboss-logging/3.4.3.Final/jboss-logging-3.4.3.Final.jar",
            M2 + "org/jboss/xnio/xnio-api/3.8.16.Final/xnio-api-3.8.16.Final.jar",
            M2 + "org/jboss/xnio/xnio-nio/3.8.16.Final/xnio-nio-3.8.16.Final.jar",
            M2 + "org/jboss/threads/jboss-threads/3.7.0.Final/jboss-threads-3.7.0.Final.jar",
            M2 + "org/wildfly/common/wildfly-common/1.5.4.Final/wildfly-common-1.5.4.Final.jar",
            M2 + "org/wildfly/client/wildfly-client-config/1.0.1.Final/wildfly-client-config-1.0.1.Final.jar",
            M2 + "io/smallrye/common/smallrye-common-annotation/2.6.0/smallrye-common-annotation-2.6.0.jar",
            M2 + "io/smallrye/common/smallrye-common-constraint/2.6.0/smallrye-common-constraint-2.6.0.jar",
            M2 + "io/smallrye/common/smallrye-common-cpu/2.6.0/smallrye-common-cpu-2.6.0.jar",
            M2 + "io/smallrye/common/smallrye-common-function/2.6.0/smallrye-common-function-2.6.0.jar",
            M2 + "org/eclipse/jetty/jetty-server/12.1.14/jetty-server-12.1.14.jar"));
    private static final List<String> PINNED = List.of("/w/benchmarks/target/pinned/jakarta.servlet-api-6.0.0.jar");

    @Test
    void undertowSharesTakeThePinnedServletApiAndOnlyTheNativeOneUndertowsWebSocket() {
        for (ServerKind kind : List.of(ServerKind.UNDERTOW, ServerKind.OURS_UNDERTOW)) {
            String share = ServerClasspath.forServer(kind, "/c", UNDERTOW_FULL, PINNED);
            assertTrue(share.contains("jakarta.servlet-api-6.0.0.jar"), share);
            assertFalse(share.contains("jakarta.servlet-api-6.1.0.jar"), share);
            assertTrue(share.contains("undertow-servlet-2.3.20.Final.jar"), share);
            assertFalse(share.contains("jetty"), share);
        }
        String undertow = ServerClasspath.forServer(ServerKind.UNDERTOW, "/c", UNDERTOW_FULL, PINNED);
        assertTrue(undertow.contains("undertow-websockets-jsr"), undertow);
        assertFalse(undertow.contains("api-impl"), undertow);
        String ours = ServerClasspath.forServer(ServerKind.OURS_UNDERTOW, "/c", UNDERTOW_FULL, PINNED);
        assertFalse(ours.contains("undertow-websockets-jsr"), ours);
        assertTrue(ours.contains("servlet-bridge"), ours);
    }

    @Test
    void aMissingPinnedJarIsAnErrorEvenWhenAnotherVersionIsOnTheClassPath() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerClasspath.forServer(ServerKind.UNDERTOW, "/c", UNDERTOW_FULL, List.of()));
        assertTrue(e.getMessage().contains("jakarta.servlet-api"), e.getMessage());
        assertTrue(e.getMessage().contains("pinned"), e.getMessage());
    }

    @Test
    void aMissingArtifactIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerClasspath.forServer(ServerKind.TOMCAT, "/c", "/w/api-impl/target/classes"));
        assertTrue(e.getMessage().contains("tomcat-embed-core"), e.getMessage());
    }

    @Test
    void heapUsedIsReadFromGcHeapInfo() {
        String info = "12345:\n garbage-first heap   total 1048576K, used 23456K [0x00000000c0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 9876K, committed 10112K\n";
        assertEquals(23456L * 1024, ServerProcess.parseHeapUsed(info));
        assertThrows(IllegalStateException.class, () -> ServerProcess.parseHeapUsed("12345:\nnothing"));
    }
}
