package dev.wsengine.tck;

import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arquillian container that runs an embedded Jetty 12 (EE11) on {@code 127.0.0.1} and a free
 * port, and deploys each archive as a Jetty {@link WebAppContext} (see {@link WarContainer}).
 * A web application that fails to start stays in the server, unavailable.
 */
public final class EmbeddedJettyContainer extends WarContainer<EmbeddedJettyConfiguration, WebAppContext> {

    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;

    public EmbeddedJettyContainer() {
        super(new EmbeddedJettyConfiguration());
    }

    @Override
    public Class<EmbeddedJettyConfiguration> getConfigurationClass() {
        return EmbeddedJettyConfiguration.class;
    }

    @Override
    protected String serverName() {
        return "embedded Jetty";
    }

    @Override
    protected void startServer(Path workDirectory) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(configuration.getBindAddress());
        connector.setPort(configuration.getPort());
        server.addConnector(connector);
        contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        server.start();
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    protected WebAppContext createWebApp(String contextPath, Path war, Path directory) throws Exception {
        WebAppContext webApp = new WebAppFactory(configuration)
                .create(contextPath, war, Files.createDirectory(directory.resolve("work")));
        contexts.addHandler(webApp);
        return webApp;
    }

    @Override
    protected Throwable startWebApp(WebAppContext webApp) {
        Throwable failure;
        try {
            webApp.start();
            failure = webApp.getUnavailableException();
            if (failure == null && !webApp.isAvailable()) {
                failure = new IllegalStateException("unavailable after start");
            }
        } catch (Exception e) {
            failure = e;
        }
        if (failure != null) {
            webApp.setAvailable(false);
        }
        return failure;
    }

    @Override
    protected void removeWebApp(WebAppContext webApp) throws Exception {
        try {
            webApp.stop();
        } finally {
            contexts.removeHandler(webApp);
        }
    }
}
