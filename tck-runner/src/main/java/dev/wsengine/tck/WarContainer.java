package dev.wsengine.tck;

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
 * What every embedded servlet container of the runner does the same way: a work directory per
 * server, each archive exported as a real WAR file and deployed at {@code /<archive name without
 * .war>}, its outcome recorded, and the HTTP context returned whether or not it started.
 *
 * <p>A web application that fails to start must not fail {@link #deploy}: the TCK's negative
 * deployment tests deploy broken applications on purpose and then check, as clients, that their
 * endpoints are not served. Only a failure of the runner itself (the WAR cannot be written, the
 * server refuses the application outright) is a {@link DeploymentException}.
 *
 * @param <C> the container's settings
 * @param <A> the container's handle of one web application
 */
public abstract class WarContainer<C extends ContainerSettings, A> implements DeployableContainer<C> {

    /** Kept here under its old name: {@link DeploymentLog#PROPERTY}. */
    public static final String DEPLOYMENT_LOG_PROPERTY = DeploymentLog.PROPERTY;

    private static final System.Logger LOG = System.getLogger(WarContainer.class.getName());

    private record Deployed<A>(A webApp, Path directory) {
    }

    private final Map<String, Deployed<A>> deployments = new ConcurrentHashMap<>();
    protected C configuration;
    private Path workDirectory;

    protected WarContainer(C defaults) {
        this.configuration = defaults;
    }

    @Override
    public void setup(C configuration) {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // The TCK deploys with testable = false: tests run as clients, no protocol is used.
        return new ProtocolDescription("Local");
    }

    /** The server's name in messages, e.g. "embedded Tomcat". */
    protected abstract String serverName();

    /** Starts the server on the configured address; {@code workDirectory} is its own to use. */
    protected abstract void startServer(Path workDirectory) throws Exception;

    protected abstract void stopServer() throws Exception;

    /** The port the server listens on; valid after {@link #start()}. */
    public abstract int port();

    /**
     * Builds (without starting) the web application for {@code war} at {@code contextPath};
     * {@code directory} belongs to this deployment alone. A throw here is the runner's fault.
     */
    protected abstract A createWebApp(String contextPath, Path war, Path directory) throws Exception;

    /** Starts the web application; returns why it failed to start, or null. Never throws. */
    protected abstract Throwable startWebApp(A webApp);

    /** Stops the web application and takes it out of the server. */
    protected abstract void removeWebApp(A webApp) throws Exception;

    @Override
    public final void start() throws LifecycleException {
        try {
            workDirectory = Files.createTempDirectory("wsengine-tck-");
            startServer(workDirectory);
        } catch (Exception e) {
            throw new LifecycleException("Could not start " + serverName() + " on " + configuration.getBindAddress(), e);
        }
    }

    @Override
    public final void stop() throws LifecycleException {
        try {
            stopServer();
        } catch (Exception e) {
            throw new LifecycleException("Could not stop " + serverName(), e);
        } finally {
            deployments.clear();
            deleteQuietly(workDirectory);
        }
    }

    @Override
    public final ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = contextPathOf(archive.getName());
        A webApp;
        Path directory;
        try {
            directory = Files.createTempDirectory(workDirectory, contextPath.substring(1) + "-");
            Path war = directory.resolve(archive.getName());
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            webApp = createWebApp(contextPath, war, directory);
        } catch (Exception e) {
            // The runner could not even build the web application: that is our fault, not the application's.
            throw new DeploymentException("Could not prepare " + archive.getName() + " for " + serverName(), e);
        }
        deployments.put(archive.getName(), new Deployed<>(webApp, directory));
        Throwable failure = startWebApp(webApp);
        if (failure != null) {
            LOG.log(Level.WARNING, "Web application " + contextPath + " failed to start and is not served"
                    + " (expected for negative deployment tests)", failure);
        }
        DeploymentLog.record(archive.getName(), failure);
        return new ProtocolMetaData().addContext(
                new HTTPContext(configuration.getBindAddress(), port()).add(new Servlet("default", contextPath)));
    }

    @Override
    public final void undeploy(Archive<?> archive) throws DeploymentException {
        Deployed<A> deployed = deployments.remove(archive.getName());
        if (deployed == null) {
            return;
        }
        try {
            removeWebApp(deployed.webApp());
        } catch (Exception e) {
            throw new DeploymentException("Could not undeploy " + archive.getName() + " from " + serverName(), e);
        } finally {
            deleteQuietly(deployed.directory());
        }
    }

    static String contextPathOf(String archiveName) {
        String base = archiveName.endsWith(".war") ? archiveName.substring(0, archiveName.length() - 4) : archiveName;
        return "/" + base;
    }

    protected static void deleteQuietly(Path directory) {
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
