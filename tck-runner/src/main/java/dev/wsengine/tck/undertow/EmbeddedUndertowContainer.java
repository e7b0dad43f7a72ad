package dev.wsengine.tck.undertow;

import dev.wsengine.tck.HidingClassLoader;
import dev.wsengine.tck.WarContainer;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Arquillian container that runs an embedded Undertow 2.3 (Servlet 6.0; its servlet core only,
 * no {@code undertow-websockets-jsr}) on the configured address and a free port, and deploys each
 * archive's WAR file the way a WAR deployer in front of Undertow would: expanded, loaded by a
 * class loader of its own ({@link WebAppClassLoader}), its annotated components registered and
 * its initializers, ours included, handed the WAR's matching classes ({@link WarScan}), served at
 * its context path. A web application that fails to start is not mounted, and Undertow answers 404
 * under its path.
 */
public final class EmbeddedUndertowContainer extends WarContainer<EmbeddedUndertowConfiguration, EmbeddedUndertowContainer.WebApp> {

    /** One deployed WAR: what Undertow was given, its manager, and the class loader it owns. */
    record WebApp(DeploymentInfo info, DeploymentManager manager, WebAppClassLoader loader) {
    }

    private final PathHandler paths = Handlers.path();
    private final Set<WebApp> running = ConcurrentHashMap.newKeySet();
    private Undertow server;
    private ServletContainer servlets;
    private HidingClassLoader webAppParent;

    public EmbeddedUndertowContainer() {
        super(new EmbeddedUndertowConfiguration());
    }

    @Override
    public Class<EmbeddedUndertowConfiguration> getConfigurationClass() {
        return EmbeddedUndertowConfiguration.class;
    }

    @Override
    protected String serverName() {
        return "embedded Undertow";
    }

    @Override
    protected void startServer(Path workDirectory) {
        webAppParent = new HidingClassLoader(EmbeddedUndertowContainer.class.getClassLoader(),
                configuration.hiddenClassList());
        servlets = Servlets.newContainer();
        server = Undertow.builder()
                .addHttpListener(configuration.getPort(), configuration.getBindAddress())
                .setHandler(paths)
                .build();
        server.start();
    }

    @Override
    protected void stopServer() {
        if (server == null) {
            return;
        }
        try {
            for (WebApp webApp : List.copyOf(running)) {
                try {
                    removeWebApp(webApp);
                } catch (Exception e) {
                    System.getLogger(EmbeddedUndertowContainer.class.getName())
                            .log(System.Logger.Level.WARNING, "Could not stop " + webApp.info().getContextPath(), e);
                }
            }
        } finally {
            server.stop();
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    protected WebApp createWebApp(String contextPath, Path war, Path directory) throws IOException {
        Path expanded = expand(war, directory.resolve("webapp"));
        WebAppClassLoader loader = WebAppClassLoader.of("webapp" + contextPath, expanded, webAppParent);
        try {
            DeploymentInfo info = Servlets.deployment()
                    .setClassLoader(loader)
                    .setContextPath(contextPath)
                    .setDeploymentName(war.getFileName().toString())
                    .setResourceManager(new PathResourceManager(expanded))
                    .setTempDir(Files.createDirectories(directory.resolve("tmp")).toFile());
            Path webXml = expanded.resolve("WEB-INF/web.xml");
            if (Files.exists(webXml)) {
                WebXml.apply(webXml, info);
            }
            WarScan.of(expanded, loader).addTo(info, loader);
            return new WebApp(info, servlets.addDeployment(info), loader);
        } catch (IOException | RuntimeException | Error e) {
            loader.close();
            throw e;
        }
    }

    @Override
    protected Throwable startWebApp(WebApp webApp) {
        running.add(webApp);
        try {
            webApp.manager().deploy(); // runs the initializers; a failing one throws here
            paths.addPrefixPath(webApp.info().getContextPath(), webApp.manager().start());
            return null;
        } catch (Exception | LinkageError e) {
            return e;
        }
    }

    @Override
    protected void removeWebApp(WebApp webApp) throws Exception {
        running.remove(webApp);
        paths.removePrefixPath(webApp.info().getContextPath());
        DeploymentManager manager = webApp.manager();
        try {
            if (manager.getState() == DeploymentManager.State.STARTED) {
                manager.stop();
            }
            if (manager.getState() != DeploymentManager.State.UNDEPLOYED) {
                manager.undeploy();
            }
        } finally {
            servlets.removeDeployment(webApp.info());
            webApp.loader().close();
        }
    }

    /** Unpacks {@code war} into {@code target}, refusing entries that would land outside it. */
    private static Path expand(Path war, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                Path to = target.resolve(entry.getName()).normalize();
                if (!to.startsWith(target)) {
                    throw new IOException(war.getFileName() + ": entry " + entry.getName() + " points outside the WAR");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
        return target;
    }
}
