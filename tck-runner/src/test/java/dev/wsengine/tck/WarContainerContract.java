package dev.wsengine.tck;

import dev.wsengine.tck.probe.FailingInitializer;
import dev.wsengine.tck.probe.MarkedInWar;
import dev.wsengine.tck.probe.ProbeEchoEndpoint;
import dev.wsengine.tck.probe.ProbeInitializer;
import dev.wsengine.tck.probe.ProbeMarker;
import dev.wsengine.tck.probe.ProbeServlet;
import jakarta.servlet.ServletContainerInitializer;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every container of the runner must do, with small WARs of our own (no TCK needed);
 * one subclass per container.
 */
public abstract class WarContainerContract {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected WarContainer<?, ?> container;

    /** A started container on 127.0.0.1 and a free port, with default settings. */
    protected abstract WarContainer<?, ?> startedContainer() throws Exception;

    @BeforeEach
    void startContainer() throws Exception {
        container = startedContainer();
    }

    @AfterEach
    void stopContainer() throws Exception {
        container.stop();
    }

    private static WebArchive probeWar(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addClasses(ProbeServlet.class, MarkedInWar.class, ProbeMarker.class);
    }

    private static JavaArchive initializerJar(Class<? extends ServletContainerInitializer> initializer) {
        return ShrinkWrap.create(JavaArchive.class, "initializer.jar")
                .addClass(initializer)
                .addAsServiceProvider(ServletContainerInitializer.class, initializer);
    }

    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + container.port() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheWarAtItsNameAndReportsThatContextToArquillian() throws Exception {
        ProtocolMetaData metaData = container.deploy(probeWar("probe_web.war"));

        HTTPContext context = metaData.getContexts(HTTPContext.class).iterator().next();
        assertEquals("127.0.0.1", context.getHost());
        assertEquals(container.port(), context.getPort());
        assertEquals("/probe_web", context.getServlets().get(0).getContextRoot());
        HttpResponse<String> response = get("/probe_web/probe");
        assertEquals(200, response.statusCode());
        assertEquals("probe", response.body());
    }

    @Test
    void handsInitializersOnlyTheWarsOwnClassesNotTheTestClasspaths() throws Exception {
        container.deploy(probeWar("scan_web.war").addAsLibrary(initializerJar(ProbeInitializer.class)));

        // MarkedOutsideWar carries the same annotation but is only on the test classpath, as every
        // TCK endpoint is: scanning it would deploy the whole TCK into every web application.
        assertEquals("MarkedInWar", get("/scan_web/handed").body());
    }

    @Test
    void failedWebApplicationDoesNotFailTheDeploymentAndIsNotServed() throws Exception {
        ProtocolMetaData failed = container.deploy(probeWar("broken_web.war").addAsLibrary(initializerJar(FailingInitializer.class)));
        container.deploy(probeWar("healthy_web.war"));

        assertEquals(1, failed.getContexts(HTTPContext.class).size(), "an HTTP context even for a failed deployment");
        HttpResponse<String> broken = get("/broken_web/probe");
        assertNotEquals(200, broken.statusCode());
        assertNotEquals("probe", broken.body());
        assertEquals("probe", get("/healthy_web/probe").body(), "the server keeps serving other applications");
    }

    @Test
    void recordsEachDeploymentsOutcomeWhenAskedTo(@TempDir Path log) throws Exception {
        System.setProperty(WarContainer.DEPLOYMENT_LOG_PROPERTY, log.toString());
        try {
            container.deploy(probeWar("fine_web.war"));
            container.deploy(probeWar("bad_web.war").addAsLibrary(initializerJar(FailingInitializer.class)));
        } finally {
            System.clearProperty(WarContainer.DEPLOYMENT_LOG_PROPERTY);
        }

        assertEquals("STARTED", Files.readString(log.resolve("fine_web.war.txt")).strip());
        assertEquals("FAILED: ServletException: deployment failed on purpose",
                Files.readString(log.resolve("bad_web.war.txt")).strip());
    }

    @Test
    void hidesTheTckAndTestFrameworkFromWebApplications() throws Exception {
        container.deploy(probeWar("hidden_web.war"));

        assertEquals("hidden", get("/hidden_web/probe?load=org.junit.jupiter.api.Test").body());
        assertEquals("hidden", get("/hidden_web/probe?load=org.jboss.shrinkwrap.api.ShrinkWrap").body());
        assertEquals("visible", get("/hidden_web/probe?load=jakarta.servlet.http.HttpServlet").body());
        assertEquals("visible", get("/hidden_web/probe?load=" + MarkedInWar.class.getName()).body());
    }

    @Test
    void undeployRemovesTheWebApplication() throws Exception {
        WebArchive war = probeWar("gone_web.war");
        container.deploy(war);
        assertEquals(200, get("/gone_web/probe").statusCode());

        container.undeploy(war);

        assertEquals(404, get("/gone_web/probe").statusCode());
    }

    @Test
    void servesTheWarsEndpointsThroughOurBridgeFromTheContainerClasspath() throws Exception {
        container.deploy(probeWar("ws_web.war").addClass(ProbeEchoEndpoint.class));

        // The bridge is not in the WAR: the container found its initializer on its own classpath.
        assertEquals("present", get("/ws_web/probe?attribute=jakarta.websocket.server.ServerContainer").body());
        assertEquals("echo: hello", echo(URI.create("ws://127.0.0.1:" + container.port() + "/ws_web/echo"), "hello"));
    }

    @Test
    void deploysNoEndpointThatIsOnlyOnTheTestClasspath() throws Exception {
        container.deploy(probeWar("only_web.war").addClass(ProbeEchoEndpoint.class));

        URI outside = URI.create("ws://127.0.0.1:" + container.port() + "/only_web/outside");
        CompletionException refused = assertThrows(CompletionException.class, () -> echo(outside, "hello"));
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(404, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    /** Sends one text message with the JDK's client and returns the first answer. */
    private String echo(URI uri, String message) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                answer.complete(data.toString());
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                answer.completeExceptionally(error);
            }
        };
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, listener).join();
        try {
            socket.sendText(message, true).join();
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }
}
