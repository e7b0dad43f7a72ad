package dev.wsengine.benchmarks.servers;

import dev.wsengine.bridge.WsServletContainerInitializer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import java.util.Set;

/**
 * Our container inside Undertow 2.3 (core and servlet, no {@code undertow-websockets-jsr}) through the
 * servlet bridge's portable upgrade; the initializer is registered as Undertow registers any, with
 * the classes a scan would have found.
 */
public final class OursOnUndertow {

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        WsServletContainerInitializer initializer = new WsServletContainerInitializer();
        UndertowServers.start(port, (server, deployment) -> deployment.addServletContainerInitializer(
                new ServletContainerInitializerInfo(WsServletContainerInitializer.class, new ImmediateInstanceFactory<>(initializer),
                        Set.of(EchoEndpoint.class, IdleEndpoint.class, StreamEndpoint.class))));
        Launch.ready("ours-undertow", port);
        Thread.currentThread().join();
    }
}
