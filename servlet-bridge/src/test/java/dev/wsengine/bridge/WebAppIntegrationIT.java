package dev.wsengine.bridge;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The initializer's work inside a real web application, on Jetty, Tomcat and Undertow. */
class WebAppIntegrationIT {

    @ServerEndpoint("/same")
    public static class First {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    @ServerEndpoint("/same")
    public static class Second {
        @OnMessage
        public String echo(String message) {
            return message;
        }
    }

    /** Answers every text with the path parameter {@code id} in front. */
    public static class Tagged extends Endpoint {
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

    /** Upgrades by hand, as {@code ServerContainer.upgradeHttpToWebSocket} allows a servlet to. */
    public static class ManualUpgradeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            ServerContainer container = (ServerContainer) request.getServletContext()
                    .getAttribute(ServerContainer.class.getName());
            try {
                container.upgradeHttpToWebSocket(request, response,
                        ServerEndpointConfig.Builder.create(Tagged.class, "/manual/{id}").build(),
                        Map.of("id", request.getParameter("id")));
            } catch (DeploymentException e) {
                throw new ServletException(e);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void aDeploymentErrorFailsTheStartOfTheWebApplication(EmbeddedServer.Kind kind) throws Exception {
        EmbeddedServer server = kind.create().with(new WsServletContainerInitializer(), First.class, Second.class);
        try {
            try {
                server.start();
            } catch (Exception expectedOnSomeContainers) {
                // Jetty and Undertow report the failed context from their start; Tomcat only marks it failed.
            }
            assertFalse(server.applicationAvailable(), "the web application started despite two endpoints at /same");
        } finally {
            server.close();
        }
        try (EmbeddedServer control = kind.create().with(new WsServletContainerInitializer(), First.class).start()) {
            assertTrue(control.applicationAvailable(), "one endpoint at /same deploys");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#kinds")
    void aServletUpgradesWithAConfigurationOfItsOwn(EmbeddedServer.Kind kind) throws Exception {
        try (EmbeddedServer server = kind.create().with(new WsServletContainerInitializer())
                .with((classes, context) -> context.addServlet("manual", new ManualUpgradeServlet()).addMapping("/manual"))
                .start()) {
            JdkClient client = JdkClient.connect(server.ws("/manual?id=42"));
            client.socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("text 42:hello", client.next());
            client.socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
            assertTrue(client.next().startsWith("close 1000"));

            // Without the handshake headers the servlet's upgrade is refused with the handshake's
            // status (426, the endpoint needs an upgrade) and its reason.
            HttpResponse<String> plain = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.http("/manual?id=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(426, plain.statusCode(), plain.body());
            assertTrue(plain.body().contains("WebSocket endpoint"), plain.body());
        }
    }
}
