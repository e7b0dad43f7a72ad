package dev.wsengine.tck;

import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Arquillian container that runs an embedded Jetty 12 (EE11) on {@code 127.0.0.1} and a free
 * port, and deploys each archive, exported as a real WAR file, as a web application at
 * {@code /<archive name without .war>}.
 *
 * <p>A web application that fails to start stays deployed but unavailable and {@link #deploy}
 * still returns normally: the TCK's negative deployment tests deploy broken applications on
 * purpose and then check, as clients, that their endpoints are not served.
 */
public final class EmbeddedJettyContainer implements DeployableContainer<EmbeddedJettyConfiguration> {

    private static final System.Logger LOG = System.getLogger(EmbeddedJettyContainer.class.getName());

    /**
     * System property naming a directory where each deployment leaves a one-line record,
     * {@code STARTED} or {@code FAILED: cause}, named after its archive; the TCK summary lists them.
     */
    public static final String DEPLOYMENT_LOG_PROPERTY = "wsengine.tck.deploymentLog";

    private record Deployed(WebAppContext webApp, Path directory) {
    }

    private final Map<String, Deployed> deployments = new ConcurrentHashMap<>();
    private EmbeddedJettyConfiguration configuration = new EmbeddedJettyConfiguration();
    private Server server;
    private ServerConnector connector;
    private ContextHandlerCollection contexts;
    private Path workDirectory;

    @Override
    public Class<EmbeddedJettyConfiguration> getConfigurationClass() {
        return EmbeddedJettyConfiguration.class;
    }

    @Override
    public void setup(EmbeddedJettyConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // The TCK deploys with testable = false: tests run as clients, no protocol is used.
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        try {
            workDirectory = Files.createTempDirectory("wsengine-tck-");
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getPort());
            server.addConnector(connector);
            contexts = new ContextHandlerCollection();
            server.setHandler(contexts);
            server.start();
        } catch (Exception e) {
            throw new LifecycleException("Could not start embedded Jetty on " + configuration.getBindAddress(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new LifecycleException("Could not stop embedded Jetty", e);
        } finally {
            deployments.clear();
            deleteQuietly(workDirectory);
        }
    }

    /** The port the server listens on; valid after {@link #start()}. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = contextPathOf(archive.getName());
        WebAppContext webApp;
        Path directory;
        try {
            directory = Files.createTempDirectory(workDirectory, contextPath.substring(1) + "-");
            Path war = directory.resolve(archive.getName());
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            webApp = new WebAppFactory(configuration).create(contextPath, war, Files.createDirectory(directory.resolve("work")));
        } catch (IOException | RuntimeException e) {
            // The runner could not even build the WAR: that is our fault, not the application's.
            throw new DeploymentException("Could not export " + archive.getName(), e);
        }
        contexts.addHandler(webApp);
        deployments.put(archive.getName(), new Deployed(webApp, directory));
        Throwable failure = start(webApp);
        record(archive.getName(), failure);
        return new ProtocolMetaData().addContext(
                new HTTPContext(configuration.getBindAddress(), port()).add(new Servlet("default", contextPath)));
    }

    /** Starts the web application; returns why it failed to start, or null. Never throws. */
    private static Throwable start(WebAppContext webApp) {
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
            LOG.log(Level.WARNING, "Web application " + webApp.getContextPath()
                    + " failed to start and is not served (expected for negative deployment tests)", failure);
        }
        return failure;
    }

    private static void record(String archiveName, Throwable failure) {
        String directory = System.getProperty(DEPLOYMENT_LOG_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        String line = failure == null ? "STARTED" : "FAILED: " + rootCause(failure);
        try {
            Files.createDirectories(Path.of(directory));
            Files.writeString(Path.of(directory, archiveName + ".txt"), line + "\n");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not record the deployment of " + archiveName, e);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        Deployed deployed = deployments.remove(archive.getName());
        if (deployed == null) {
            return;
        }
        try {
            deployed.webApp().stop();
        } catch (Exception e) {
            throw new DeploymentException("Could not stop " + deployed.webApp().getContextPath(), e);
        } finally {
            contexts.removeHandler(deployed.webApp());
            deleteQuietly(deployed.directory());
        }
    }

    static String contextPathOf(String archiveName) {
        String base = archiveName.endsWith(".war") ? archiveName.substring(0, archiveName.length() - 4) : archiveName;
        return "/" + base;
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Could not delete " + directory, e);
        }
    }
}
