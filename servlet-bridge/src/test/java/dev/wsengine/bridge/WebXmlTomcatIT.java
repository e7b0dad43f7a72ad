package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web application configured by {@code web.xml} alone (test resource {@code webxml-app}) on
 * embedded Tomcat 11, with every kind of scanning off: {@link WebSocketEngineFilter} declared
 * there installs our engine, driven by the JDK's WebSocket client and raw sockets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebXmlTomcatIT {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return "echo " + text;
        }
    }

    /** Answers every text with the path parameter {@code id} in front. */
    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String id = session.getPathParameters().get("id");
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(id + ":" + text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Gives {@link Programmatic} its path and keeps every annotated class named. */
    public static class Config implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return Set.of(ServerEndpointConfig.Builder.create(Programmatic.class, "/tagged/{id}").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned;
        }
    }

    public static class Plain extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print("plain " + request.getRequestURI());
        }
    }

    private static TomcatApp app;
    private static StandardContext context;

    @BeforeAll
    static void start() throws Exception {
        Path docBase = Path.of(WebXmlTomcatIT.class.getResource("/webxml-app/WEB-INF/web.xml").toURI())
                .getParent().getParent();
        assertTrue(Files.isRegularFile(docBase.resolve("WEB-INF/web.xml")));
        app = new TomcatApp();
        context = new StandardContext();
        context.setName(TomcatApp.CONTEXT);
        context.setPath(TomcatApp.CONTEXT);
        context.setDocBase(docBase.toString());
        // What a standalone Tomcat does with a WAR: ContextConfig reads WEB-INF/web.xml (and, here,
        // no conf/web.xml defaults). Our initializer is on the class path, as a container-provided
        // one would be: the filter below keeps Tomcat from running it, so only web.xml counts.
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        context.setContainerSciFilter(WsServletContainerInitializer.class.getName().replace(".", "\\."));
        StandardJarScanner jars = new StandardJarScanner();
        jars.setScanClassPath(false);
        context.setJarScanner(jars);
        app.start(context);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theFilterDeclaredInWebXmlInstalledTheEngineAndNothingElseDid() {
        jakarta.servlet.ServletContext servletContext = context.getServletContext();
        assertInstanceOf(WsServerContainer.class, servletContext.getAttribute(ServerContainer.class.getName()));
        assertEquals(WebSocketEngineFilter.class.getName(),
                servletContext.getFilterRegistration("websocket").getClassName());
        assertNull(servletContext.getFilterRegistration(WebSocketEngine.FILTER_NAME),
                "our initializer did not run: it would have added its own filter");
    }

    @Test
    void answersTheHandshakeWith101AndEchoes() throws Exception {
        JdkClient client = JdkClient.connect(app.ws("/echo"));
        client.socket.sendText("hi", true);
        assertEquals("text echo hi", client.next());

        try (RawClient raw = RawClient.upgrade(app.ws("/echo"))) {
            assertEquals(101, raw.status);
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", raw.headers.get("sec-websocket-accept"));
        }
    }

    @Test
    void servesTheProgrammaticEndpointItsServerApplicationConfigGives() throws Exception {
        JdkClient client = JdkClient.connect(app.ws("/tagged/7"));
        client.socket.sendText("hello", true);
        assertEquals("text 7:hello", client.next());
    }

    @Test
    void takesItsSettingsFromTheContextParameters() throws Exception {
        assertEquals(403, app.handshakeStatus("/echo", "Origin: http://elsewhere.example"));
        assertEquals(101, app.handshakeStatus("/echo", "Origin: http://allowed.example"));
    }

    @Test
    void passesOtherRequestsToTheApplication() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(app.http("/page")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("plain /app/page", response.body());
        assertEquals(200, app.handshakeStatus("/nothing-here"), "an upgrade for a path with no endpoint is the application's");
    }

    /** Last: destroying the declared filter, as the application stops, stops the engine. */
    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheApplicationClosesSessionsWith1001() throws Exception {
        JdkClient client = JdkClient.connect(app.ws("/echo"));
        context.stop();
        assertTrue(client.next().startsWith("close 1001"));
    }
}
