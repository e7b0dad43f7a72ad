package dev.wsengine.tck.tomcat;

import dev.wsengine.tck.HidingClassLoader;
import dev.wsengine.tck.WarContainer;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ContextName;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arquillian container that runs an embedded Tomcat 11 (core only: no Tomcat WebSocket) on the
 * configured address and a free port, and deploys each archive's WAR file as a Tomcat web
 * application, as Tomcat deploys any WAR: expanded into the host's application base, its
 * {@code web.xml}, annotations and {@code ServletContainerInitializer}s processed. Our bridge's
 * initializer comes from the test classpath through {@code META-INF/services}; the classes it is
 * handed come from the WAR alone. A web application that fails to start is left stopped, and
 * Tomcat answers 404 for it.
 */
public final class EmbeddedTomcatContainer extends WarContainer<EmbeddedTomcatConfiguration, Context> {

    private Tomcat tomcat;
    private Connector connector;
    private HidingClassLoader webAppParent;

    public EmbeddedTomcatContainer() {
        super(new EmbeddedTomcatConfiguration());
    }

    @Override
    public Class<EmbeddedTomcatConfiguration> getConfigurationClass() {
        return EmbeddedTomcatConfiguration.class;
    }

    @Override
    protected String serverName() {
        return "embedded Tomcat";
    }

    @Override
    protected void startServer(Path workDirectory) throws Exception {
        webAppParent = new HidingClassLoader(EmbeddedTomcatContainer.class.getClassLoader(),
                configuration.hiddenClassList());
        tomcat = new Tomcat();
        tomcat.setBaseDir(workDirectory.toString());
        connector = new Connector();
        connector.setProperty("address", configuration.getBindAddress());
        connector.setPort(configuration.getPort());
        tomcat.setConnector(connector);
        Host host = tomcat.getHost();
        host.setAppBase(Files.createDirectory(workDirectory.resolve("webapps")).toString());
        host.setAutoDeploy(false);
        tomcat.start();
    }

    @Override
    protected void stopServer() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    protected Context createWebApp(String contextPath, Path war, Path directory) {
        StandardContext context = new StandardContext();
        context.setName(new ContextName(contextPath, null).getName());
        context.setPath(contextPath);
        context.setDocBase(war.toString());
        context.setParentClassLoader(webAppParent);
        // Tomcat's JarScanner would otherwise also look through every jar of the test classpath
        // for @HandlesTypes matches: the TCK jar holds the endpoints of every test.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                addDefaultServlet(context);
            }
        });
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        return context;
    }

    /**
     * What Tomcat's global {@code conf/web.xml} gives every application and the JSP engine aside:
     * the default servlet on {@code /} (which the application's own mappings may override) and
     * the MIME types. Without a servlet mapped, Tomcat would run no filter, ours included.
     */
    private static void addDefaultServlet(Context context) {
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet").setOverridable(true);
        context.addServletMappingDecoded("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    @Override
    protected Throwable startWebApp(Context context) {
        try (StartupFailures failures = StartupFailures.listen()) {
            try {
                // Starts the context, since the host has started.
                tomcat.getHost().addChild(context);
            } catch (RuntimeException e) {
                return e;
            }
            if (context.getState() == LifecycleState.STARTED) {
                return null;
            }
            Throwable logged = failures.first();
            return logged != null ? logged : new IllegalStateException("context is " + context.getState() + " after start");
        }
    }

    @Override
    protected void removeWebApp(Context context) throws Exception {
        Path expanded = Path.of(tomcat.getHost().getAppBaseFile().getPath(), new ContextName(context.getPath(), null).getBaseName());
        try {
            if (context.getParent() != null) {
                context.getParent().removeChild(context);
            }
        } finally {
            deleteQuietly(expanded);
        }
    }
}
