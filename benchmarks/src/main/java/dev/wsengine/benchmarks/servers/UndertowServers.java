package dev.wsengine.benchmarks.servers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.ServletException;
import jakarta.websocket.server.ServerContainer;
import java.util.function.BiConsumer;

/**
 * Embedded Undertow 2.3 (core and servlet) with one web application at the root, whose WebSocket
 * support the caller adds to its deployment: Undertow's own or our bridge's initializer.
 */
final class UndertowServers {

    private UndertowServers() {
    }

    /**
     * Starts the listener first and deploys after, so that a deployment can be handed the server's
     * own XNIO worker; the harness polls handshakes until the endpoints answer.
     */
    static Undertow start(int port, BiConsumer<Undertow, DeploymentInfo> webSocketSupport) throws ServletException {
        PathHandler paths = Handlers.path();
        Undertow.Builder builder = Undertow.builder().addHttpListener(port, Launch.HOST).setHandler(paths);
        if (!Launch.IDLE_DEFAULTS) {
            // Undertow sets no idle timeout by default; the same 600 s as Jetty's connector, for symmetry.
            builder.setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) Launch.IDLE_TIMEOUT_MS);
        }
        Undertow server = builder.build();
        server.start();
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowServers.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("bench.war");
        webSocketSupport.accept(server, deployment);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        paths.addPrefixPath("/", manager.start());
        Launch.applyMessageLimit(manager.getDeployment().getServletContext().getAttribute(ServerContainer.class.getName()));
        return server;
    }
}
