package dev.wsengine.samples.war;

import dev.wsengine.samples.TextListener;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built WAR deployed the way a standalone Jetty 12.1 EE11 deploys one: a WebAppContext with
 * annotation scanning, WEB-INF first class loading. Our initializer must be found through the
 * WAR's own META-INF/services and the endpoints through its @HandlesTypes; the ServerContainer
 * it publishes must come from the WAR's class loader, not from the test's class path.
 */
class WarDeploymentIT {

    private static final Path WAR = Path.of("target", "wsengine-samples-webapp.war");

    private Server server;
    private WebAppContext webApp;

    /** What README's context XML for a standalone Jetty lets the web application see. */
    private static final String[] JETTY_CLASSES = {"-org.eclipse.jetty.server.", "-org.eclipse.jetty.io.",
            "-org.eclipse.jetty.util.", "-org.eclipse.jetty.ee11.servlet."};

    @BeforeEach
    void deploy() throws Exception {
        start(JETTY_CLASSES);
    }

    private void start(String... hiddenClassExclusions) throws Exception {
        assertTrue(Files.isRegularFile(WAR), WAR + " is built in the package phase");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        webApp = new WebAppContext();
        webApp.setContextPath("/samples");
        webApp.setWar(WAR.toAbsolutePath().toString());
        webApp.setTempDirectory(Files.createTempDirectory("wsengine-war").toFile());
        webApp.setParentLoaderPriority(false);
        webApp.setThrowUnavailableOnStartupException(false);
        webApp.addConfiguration(new AnnotationConfiguration());
        webApp.addHiddenClassMatcher(new ClassMatcher(hiddenClassExclusions));
        server.setHandler(webApp);
        server.start();
    }

    @AfterEach
    void undeploy() throws Exception {
        server.stop();
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/samples" + path);
    }

    @Test
    void theWarsOwnInitializerDeploysItsEndpoints() throws Exception {
        Object container = webApp.getServletContext().getAttribute("jakarta.websocket.server.ServerContainer");
        assertNotNull(container, "our initializer ran and published the ServerContainer");
        assertSame(webApp.getClassLoader(), container.getClass().getClassLoader(),
                "the engine came from the WAR's WEB-INF/lib");

        TextListener echo = connect("/echo");
        echo.socket.sendText("from a WAR", true).get(10, TimeUnit.SECONDS);
        assertEquals("from a WAR", echo.next());

        TextListener chat = connect("/chat/war?name=wendy");
        assertEquals("{\"type\":\"join\",\"name\":\"wendy\",\"text\":\"\"}", chat.next());
        chat.socket.sendText("{\"text\":\"hello\"}", true).get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"message\",\"name\":\"wendy\",\"text\":\"hello\"}", chat.next());

        TextListener ticker = connect("/ticker");
        ticker.socket.sendText("{\"action\":\"subscribe\",\"symbol\":\"ACME\"}", true).get(10, TimeUnit.SECONDS);
        String first = ticker.next();
        assertTrue(first.contains("ACME"), first);
    }

    /**
     * Without Jetty's EE11 servlet classes the bridge cannot switch connections Jetty's way, and
     * Jetty's portable upgrade would corrupt the stream: the application must not start at all.
     */
    @Test
    void withoutJettysServletClassesTheApplicationRefusesToStart() throws Exception {
        server.stop();
        start(Arrays.copyOf(JETTY_CLASSES, 3));
        assertTrue(webApp.isFailed() || webApp.getUnavailableException() != null,
                "the web application did not start");
        Throwable why = webApp.getUnavailableException();
        assertNotNull(why, "Jetty kept the reason");
        String message = String.valueOf(why.getMessage()) + " " + why.getCause();
        assertTrue(message.contains("-org.eclipse.jetty.ee11.servlet."), message);
    }

    /** The WAR's web.xml lets only pages from this machine connect: a page elsewhere gets 403. */
    @Test
    void onlyPagesFromThisMachineMayConnect() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletionException refused = assertThrows(CompletionException.class,
                () -> http.newWebSocketBuilder().header("Origin", "https://evil.example")
                        .buildAsync(uri("ws", "/echo"), new WebSocket.Listener() { }).join());
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        WebSocket local = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:8080")
                .buildAsync(uri("ws", "/echo"), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        local.sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesThePagesAtTheContextRoot() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(uri("http", "/chat.html")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1>Chat</h1>"), page.body());
    }

    private TextListener connect(String path) throws Exception {
        return TextListener.connect(uri("ws", path));
    }
}
