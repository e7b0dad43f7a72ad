package dev.wsengine.tck.conformance;

import dev.wsengine.bridge.WsServletContainerInitializer;
import dev.wsengine.samples.EchoEndpoint;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;

/** The samples' echo endpoint in embedded Undertow 2.3 (no undertow-websockets-jsr), through the portable upgrade. */
final class SampleUndertow implements ConformanceTarget {

    private Undertow server;
    private DeploymentManager manager;

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public URI start() throws Exception {
        WsServletContainerInitializer initializer = new WsServletContainerInitializer();
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(SampleUndertow.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("samples.war")
                .addServletContainerInitializer(new ServletContainerInitializerInfo(WsServletContainerInitializer.class,
                        new ImmediateInstanceFactory<>(initializer), Set.of(EchoEndpoint.class)));
        manager = Servlets.newContainer().addDeployment(deployment);
        manager.deploy();
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return URI.create("ws://127.0.0.1:" + port + "/echo");
    }

    @Override
    public long maxMessage() {
        return EchoEndpoint.MAX_MESSAGE;
    }

    /** Idempotent: JUnit closes an AutoCloseable argument after the test that closed it already. */
    @Override
    public void close() throws Exception {
        DeploymentManager deployed = manager;
        Undertow running = server;
        manager = null;
        server = null;
        try {
            if (deployed != null) {
                deployed.stop();
                deployed.undeploy();
            }
        } finally {
            if (running != null) {
                running.stop();
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
