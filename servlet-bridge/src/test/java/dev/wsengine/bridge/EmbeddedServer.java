package dev.wsengine.bridge;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A servlet container started in the test, on 127.0.0.1 and a free port, with one web application
 * at {@link #CONTEXT} whose content comes only from the initializers given (and, if asked, a plain
 * servlet answering every request that is not ours). Every server test runs on each {@link Kind}:
 * Jetty 12.1, Tomcat 11 and Undertow 2.3 (Servlet 6.0), with our initializer as their only
 * WebSocket support.
 */
abstract class EmbeddedServer implements AutoCloseable {

    static final String CONTEXT = "/app";

    enum Kind {
        JETTY, TOMCAT, UNDERTOW;

        EmbeddedServer create() {
            return switch (this) {
                case JETTY -> new JettyServer();
                case TOMCAT -> new TomcatServer();
                case UNDERTOW -> new UndertowServer();
            };
        }
    }

    /**
     * Narrows a run to some containers, e.g. {@code undertow} for the run on the Servlet 6.0 API
     * with no Jetty and no Tomcat on the class path (servlet-bridge/pom.xml); unset, every kind.
     */
    static final String CONTAINERS_PROPERTY = "wsengine.it.containers";

    /** The containers this run tests on, for {@code @MethodSource}. */
    static Stream<Kind> kinds() {
        String names = System.getProperty(CONTAINERS_PROPERTY, "").strip();
        if (names.isEmpty()) {
            return Stream.of(Kind.values());
        }
        return Stream.of(names.split("\\s*,\\s*")).map(name -> Kind.valueOf(name.toUpperCase(Locale.ROOT)));
    }

    /** The names of {@link #kinds()}, for tests that take the container by name. */
    static Stream<String> containers() {
        return kinds().map(kind -> kind.name().toLowerCase(Locale.ROOT));
    }

    /** Those of {@link #containers()} where the bridge takes the portable servlet upgrade: all but Jetty. */
    static Stream<String> portableContainers() {
        return containers().filter(name -> !name.equals("jetty"));
    }

    /**
     * Those of {@link #containers()} where a failed connection is closed with a FIN while the
     * peer still sends: Jetty (its own switch) and Tomcat (our closer shuts the socket's output).
     * Undertow offers no way to half-close an upgraded connection (README, Known limits).
     */
    static Stream<String> lingeringContainers() {
        return containers().filter(name -> !name.equals("undertow"));
    }

    record Initializer(ServletContainerInitializer initializer, Set<Class<?>> classes) {
    }

    protected final List<Initializer> initializers = new ArrayList<>();
    protected final Map<String, String> initParameters = new LinkedHashMap<>();
    protected boolean plainServlet;

    /** A server with our initializer, given {@code endpoints} as found classes, and the plain servlet. */
    static EmbeddedServer start(String container, Class<?>... endpoints) throws Exception {
        Kind kind = Kind.valueOf(container.toUpperCase(Locale.ROOT));
        return kind.create().with(new WsServletContainerInitializer(), endpoints).withPlainServlet().start();
    }

    /**
     * Maps {@link PlainServlet} to every path, so tests can tell "passed down the chain" from
     * "handled by us", and {@link ManualUpgradeServlet} to {@code /manual}.
     */
    EmbeddedServer withPlainServlet() {
        plainServlet = true;
        return this;
    }

    /** Sets a context init parameter of the web application, as web.xml's {@code <context-param>} does. */
    EmbeddedServer withInitParameter(String name, String value) {
        initParameters.put(name, value);
        return this;
    }

    /** Registers an initializer, as a container would after scanning for its {@code @HandlesTypes}. */
    EmbeddedServer with(ServletContainerInitializer initializer, Class<?>... classes) {
        initializers.add(new Initializer(initializer, new LinkedHashSet<>(List.of(classes))));
        return this;
    }

    abstract String name();

    abstract EmbeddedServer start() throws Exception;

    abstract int port();

    /** Stops the web application only, as an undeployment does; the server keeps running. */
    abstract void stopWebApp() throws Exception;

    /** Whether the web application started and serves requests. */
    abstract boolean applicationAvailable();

    /** The web application's class loader, which our connection threads carry as context loader. */
    abstract ClassLoader applicationClassLoader();

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port() + CONTEXT + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + CONTEXT + path);
    }

    @Override
    public String toString() {
        return name();
    }

    // ------------------------------------------------------------------ Jetty

    static final class JettyServer extends EmbeddedServer {
        private final Server server = new Server();
        private ServletContextHandler context;
        private ServerConnector connector;

        @Override
        String name() {
            return "Jetty";
        }

        @Override
        EmbeddedServer start() throws Exception {
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            context = new ServletContextHandler(CONTEXT);
            initParameters.forEach(context::setInitParameter);
            for (Initializer i : initializers) {
                context.addServletContainerInitializer(i.initializer(), i.classes().toArray(Class<?>[]::new));
            }
            if (plainServlet) {
                context.addServlet(new ServletHolder(new PlainServlet()), "/*");
                context.addServlet(new ServletHolder(new ManualUpgradeServlet()), "/manual");
            }
            server.setHandler(context);
            server.setStopTimeout(0);
            server.start();
            return this;
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        void stopWebApp() throws Exception {
            context.stop();
        }

        @Override
        boolean applicationAvailable() {
            return context.isStarted() && context.isAvailable();
        }

        @Override
        ClassLoader applicationClassLoader() {
            return context.getServletContext().getClassLoader();
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ Tomcat

    static final class TomcatServer extends EmbeddedServer {
        private final Tomcat tomcat = new Tomcat();
        private Path baseDir;
        private Context context;
        private Connector connector;

        @Override
        String name() {
            return "Tomcat";
        }

        @Override
        EmbeddedServer start() throws Exception {
            baseDir = Files.createTempDirectory("tomcat");
            tomcat.setBaseDir(baseDir.toString());
            connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Path docBase = Files.createDirectories(baseDir.resolve("docbase"));
            context = tomcat.addContext(CONTEXT, docBase.toString());
            initParameters.forEach(context::addParameter);
            // addContext maps no default servlet, and Tomcat runs no filter for a request that no
            // servlet maps; a real deployment always has one.
            Tomcat.addServlet(context, "default", new NotFoundServlet());
            context.addServletMappingDecoded("/", "default");
            if (plainServlet) {
                Tomcat.addServlet(context, "plain", new PlainServlet());
                context.addServletMappingDecoded("/*", "plain");
                Tomcat.addServlet(context, "manual", new ManualUpgradeServlet());
                context.addServletMappingDecoded("/manual", "manual");
            }
            for (Initializer i : initializers) {
                context.addServletContainerInitializer(i.initializer(), i.classes());
            }
            tomcat.start();
            return this;
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        void stopWebApp() throws Exception {
            context.stop();
        }

        @Override
        boolean applicationAvailable() {
            return context.getState().isAvailable();
        }

        @Override
        ClassLoader applicationClassLoader() {
            return context.getServletContext().getClassLoader();
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
            deleteTree(baseDir);
        }

        private static void deleteTree(Path root) throws IOException {
            if (root == null || !Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // ------------------------------------------------------------------ Undertow

    /**
     * Undertow 2.3's servlet container on its own core, without {@code undertow-websockets-jsr}:
     * our initializer is registered as Undertow registers any {@code ServletContainerInitializer},
     * with the classes a scan would have found. The application gets a class loader of its own
     * (with nothing in it) so that, as on Tomcat, its threads can be told from everyone else's.
     */
    static final class UndertowServer extends EmbeddedServer {
        private final PathHandler paths = Handlers.path();
        private Undertow server;
        private DeploymentManager manager;
        private ClassLoader loader;

        @Override
        String name() {
            return "Undertow";
        }

        @Override
        EmbeddedServer start() throws Exception {
            loader = new ClassLoader("undertow-app", EmbeddedServer.class.getClassLoader()) {
            };
            DeploymentInfo deployment = Servlets.deployment()
                    .setClassLoader(loader)
                    .setContextPath(CONTEXT)
                    .setDeploymentName("app.war");
            initParameters.forEach(deployment::addInitParameter);
            for (Initializer i : initializers) {
                deployment.addServletContainerInitializer(new ServletContainerInitializerInfo(
                        i.initializer().getClass(), new ImmediateInstanceFactory<>(i.initializer()), i.classes()));
            }
            if (plainServlet) {
                deployment.addServlet(Servlets.servlet("plain", PlainServlet.class,
                        new ImmediateInstanceFactory<>(new PlainServlet())).addMapping("/*"));
                deployment.addServlet(Servlets.servlet("manual", ManualUpgradeServlet.class,
                        new ImmediateInstanceFactory<>(new ManualUpgradeServlet())).addMapping("/manual"));
            }
            server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(paths).build();
            server.start();
            ServletContainer container = Servlets.newContainer();
            manager = container.addDeployment(deployment);
            // Runs the initializers; a failing one throws here, and the application is not served.
            manager.deploy();
            paths.addPrefixPath(CONTEXT, manager.start());
            return this;
        }

        @Override
        int port() {
            return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        }

        @Override
        void stopWebApp() throws Exception {
            paths.removePrefixPath(CONTEXT);
            manager.stop();
            manager.undeploy();
        }

        @Override
        boolean applicationAvailable() {
            return manager != null && manager.getState() == DeploymentManager.State.STARTED;
        }

        @Override
        ClassLoader applicationClassLoader() {
            return loader;
        }

        @Override
        public void close() throws Exception {
            try {
                if (manager != null && manager.getState() != DeploymentManager.State.UNDEPLOYED) {
                    stopWebApp();
                }
            } finally {
                if (server != null) {
                    server.stop();
                }
            }
        }
    }

    /** Answers plain HTTP requests with 200 and a fixed body. */
    static final class PlainServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.getWriter().write("plain servlet");
        }
    }

    /** What a default servlet answers for a resource that does not exist. */
    static final class NotFoundServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
