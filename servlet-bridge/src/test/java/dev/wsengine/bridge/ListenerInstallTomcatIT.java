package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WebSocketEngine#install} called by the application's own {@code ServletContextListener}
 * on embedded Tomcat 11, where nothing runs our initializer (a context added in code runs none),
 * driven by the JDK's WebSocket client and raw sockets.
 */
class ListenerInstallTomcatIT {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return "echo " + text;
        }
    }

    /** What a web application writes: installs the engine, with its settings, when it starts. */
    public static class Installer implements ServletContextListener {
        static final AtomicReference<WsServerContainer> INSTALLED = new AtomicReference<>();

        @Override
        public void contextInitialized(ServletContextEvent event) {
            try {
                INSTALLED.set(WebSocketEngine.builder()
                        .endpoints(Echo.class)
                        .maxSessions(1)
                        .install(event.getServletContext()));
            } catch (ServletException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A second install in the same application, as a listener written by someone else might try. */
    public static class SecondInstaller implements ServletContextListener {
        static final AtomicReference<RuntimeException> FAILURE = new AtomicReference<>();

        @Override
        public void contextInitialized(ServletContextEvent event) {
            try {
                WebSocketEngine.install(event.getServletContext(), Echo.class);
            } catch (ServletException | RuntimeException e) {
                FAILURE.set(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                throw FAILURE.get();
            }
        }
    }

    public static class Plain extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("plain");
        }
    }

    private static Context context(TomcatApp app) throws IOException {
        Context context = new org.apache.catalina.core.StandardContext();
        context.setName(TomcatApp.CONTEXT);
        context.setPath(TomcatApp.CONTEXT);
        context.setDocBase(Files.createDirectories(app.baseDir.resolve("docbase")).toString());
        context.addLifecycleListener(new Tomcat.FixContextListener());
        // As <listener> in web.xml: a listener the application declares.
        context.addApplicationListener(Installer.class.getName());
        Tomcat.addServlet(context, "plain", new Plain());
        context.addServletMappingDecoded("/", "plain");
        return context;
    }

    @Test
    void theListenersInstallServesItsEndpointsWithItsSettingsAndStopsWithTheApplication() throws Exception {
        try (TomcatApp app = new TomcatApp()) {
            Context context = context(app);
            app.start(context);
            assertSame(Installer.INSTALLED.get(), context.getServletContext().getAttribute(ServerContainer.class.getName()));

            JdkClient client = JdkClient.connect(app.ws("/echo"));
            client.socket.sendText("hi", true);
            assertEquals("text echo hi", client.next());

            // maxSessions(1) from the builder: the one open session fills the container.
            assertEquals(503, app.handshakeStatus("/echo"));

            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(app.http("/page")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("plain", page.body());

            ClassLoader application = context.getLoader().getClassLoader();
            context.stop();
            assertTrue(client.next().startsWith("close 1001"));
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("wsengine-io-app-") && t.isAlive()
                            && t.getContextClassLoader() == application),
                    "none of our threads outlives the application");
        }
    }

    @Test
    void aSecondInstallInTheSameApplicationFailsItsStart() throws Exception {
        try (TomcatApp app = new TomcatApp()) {
            Context context = context(app);
            context.addApplicationListener(SecondInstaller.class.getName());
            assertThrows(AssertionError.class, () -> app.start(context), "the application must not start");
            assertFalse(context.getState().isAvailable());
            String message = SecondInstaller.FAILURE.get().getMessage();
            assertTrue(message.contains("already installed in web application '/app'"), message);
        }
    }
}
