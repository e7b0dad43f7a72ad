package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.settings.SendLimits;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WebSocketEngineTest {

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    @ServerEndpoint("/echo")
    public static class SamePath {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    /** Gives {@link Programmatic} the path {@code /programmatic}, and keeps no annotated class. */
    public static class Config implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return Set.of(ServerEndpointConfig.Builder.create(Programmatic.class, "/programmatic").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    @ServerEndpoint("/hidden")
    static class NotPublic {
    }

    private final FakeServletContext app = new FakeServletContext();

    @AfterEach
    void stopApplication() {
        app.stop();
    }

    @Test
    void installPublishesTheContainerDeploysTheEndpointsAndMapsItsFilterOnEveryRequest() throws Exception {
        WsServerContainer container = WebSocketEngine.install(app.context, Echo.class);
        assertSame(container, app.attributes.get(ServerContainer.class.getName()));
        assertNotNull(container.match("/echo"), "/echo is deployed");
        assertInstanceOf(WsFilter.class, app.filters.get(WebSocketEngine.FILTER_NAME));
        verify(app.registration).setAsyncSupported(true);
        verify(app.registration).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    @Test
    void takesProgrammaticEndpointsAsConfigsOrThroughAServerApplicationConfig() throws Exception {
        WsServerContainer container = WebSocketEngine.builder()
                .endpoints(Config.class, Programmatic.class, Echo.class)
                .endpoint(ServerEndpointConfig.Builder.create(Programmatic.class, "/given").build())
                .install(app.context);
        assertNotNull(container.match("/programmatic"), "the ServerApplicationConfig's endpoint");
        assertNotNull(container.match("/given"), "the ServerEndpointConfig given to the builder");
        assertNull(container.match("/echo"), "the ServerApplicationConfig chose no annotated class");
    }

    @Test
    void takesTheContainersDefaultsFromContextParameters() throws Exception {
        app.parameters.put(WebSocketEngine.IDLE_TIMEOUT_PARAM, "0");
        app.parameters.put(WebSocketEngine.MAX_TEXT_MESSAGE_PARAM, "1024");
        app.parameters.put(WebSocketEngine.MAX_BINARY_MESSAGE_PARAM, "2048");
        app.parameters.put(WebSocketEngine.ASYNC_SEND_TIMEOUT_PARAM, "5000");
        app.parameters.put(WebSocketEngine.DEFLATE_PARAM, "false");
        WsServerContainer container = WebSocketEngine.install(app.context, Echo.class);
        assertEquals(0, container.getDefaultMaxSessionIdleTimeout());
        assertEquals(1024, container.getDefaultMaxTextMessageBufferSize());
        assertEquals(2048, container.getDefaultMaxBinaryMessageBufferSize());
        assertEquals(5000, container.getDefaultAsyncSendTimeout());
        assertTrue(container.getServerExtensions().isEmpty(), "permessage-deflate is off");
    }

    @Test
    void takesTheCompressionLevelAndThresholdFromContextParameters() throws Exception {
        app.parameters.put(WebSocketEngine.DEFLATE_LEVEL_PARAM, "1");
        app.parameters.put(WebSocketEngine.DEFLATE_THRESHOLD_PARAM, "512");
        WsServerContainer container = WebSocketEngine.install(app.context, Echo.class);
        assertEquals(1, container.getDeflateConfig().compressionLevel());
        assertEquals(512, container.getDeflateConfig().compressionThreshold());
        assertFalse(container.getServerExtensions().isEmpty(), "permessage-deflate stays on");
    }

    @Test
    void aCompressionLevelOutsideZlibsRangeFailsTheInstallNamingIt() {
        app.parameters.put(WebSocketEngine.DEFLATE_LEVEL_PARAM, "10");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertEquals("Context parameter dev.wsengine.deflateLevel must be a number from 0 to 9, got '10'", e.getMessage());
    }

    @Test
    void takesTheSendPeerAndHandshakeLimitsFromContextParameters() throws Exception {
        app.parameters.put("dev.wsengine.sendQueueHighWaterBytes", "2097152");
        app.parameters.put("dev.wsengine.sendQueueLowWaterBytes", "1048576");
        app.parameters.put("dev.wsengine.sendQueueMaxBytes", "8388608");
        app.parameters.put("dev.wsengine.sendQueueMaxFrames", "500");
        app.parameters.put("dev.wsengine.sendWriteTimeoutMs", "7000");
        app.parameters.put("dev.wsengine.keepAliveIntervalMs", "30000");
        app.parameters.put("dev.wsengine.keepAliveTimeoutMs", "5000");
        app.parameters.put("dev.wsengine.maxFragmentsPerMessage", "1000");
        app.parameters.put("dev.wsengine.maxInflationRatio", "0");
        app.parameters.put("dev.wsengine.maxHandshakeHeaderBytes", "4096");
        app.parameters.put("dev.wsengine.maxHandshakeHeaders", "40");
        app.parameters.put("dev.wsengine.maxBufferedBytesTotal", "67108864");
        WsServerContainer container = WebSocketEngine.install(app.context, Echo.class);
        SendLimits send = container.getSendLimits();
        assertEquals(2 << 20, send.highWaterBytes());
        assertEquals(1 << 20, send.lowWaterBytes());
        assertEquals(8 << 20, send.maxQueuedBytes());
        assertEquals(500, send.maxQueuedFrames());
        assertEquals(7000, send.writeTimeoutMs());
        PeerLimits peer = container.getPeerLimits();
        assertEquals(30_000, peer.keepAliveIntervalMs());
        assertEquals(5000, peer.keepAliveTimeoutMs());
        assertEquals(1000, peer.maxFragmentsPerMessage());
        assertEquals(0, peer.maxInflationRatio());
        assertEquals(4096, container.getMaxHandshakeHeaderBytes());
        assertEquals(40, container.getMaxHandshakeHeaders());
        assertEquals(64 << 20, container.getMaxBufferedBytesTotal());
    }

    @Test
    void theBufferBudgetIsAQuarterOfTheHeapUnlessSetAndZeroMeansNoLimit() throws Exception {
        assertEquals(Runtime.getRuntime().maxMemory() / 4,
                WebSocketEngine.install(app.context, Echo.class).getMaxBufferedBytesTotal());
        FakeServletContext other = new FakeServletContext();
        other.parameters.put(WebSocketEngine.MAX_BUFFERED_BYTES_TOTAL_PARAM, " 0 ");
        try {
            assertEquals(0, WebSocketEngine.install(other.context, Echo.class).getMaxBufferedBytesTotal());
        } finally {
            other.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.wsengine.keepAliveIntervalMs", "dev.wsengine.sendWriteTimeoutMs",
            "dev.wsengine.maxFragmentsPerMessage", "dev.wsengine.maxHandshakeHeaderBytes",
            "dev.wsengine.sendQueueMaxFrames", "dev.wsengine.maxInflationRatio",
            "dev.wsengine.maxBufferedBytesTotal"})
    void aBadLimitParameterFailsTheInstallNamingIt(String name) {
        app.parameters.put(name, "-5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().startsWith("Context parameter " + name + " must be a number from "), e.getMessage());
        assertNull(app.attributes.get(ServerContainer.class.getName()), "a failed install publishes nothing");
    }

    @Test
    void aBadContainerParameterFailsTheInstallNamingIt() {
        app.parameters.put(WebSocketEngine.MAX_TEXT_MESSAGE_PARAM, "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().contains(WebSocketEngine.MAX_TEXT_MESSAGE_PARAM), e.getMessage());
        assertNull(app.attributes.get(ServerContainer.class.getName()), "a failed install publishes nothing");
    }

    @Test
    void installingTwiceInOneApplicationFailsAndSaysHowToInstallOnce() throws Exception {
        WsServerContainer first = WebSocketEngine.install(app.context, Echo.class);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().contains("already installed in web application '/app'"), e.getMessage());
        assertTrue(e.getMessage().contains("WsServletContainerInitializer"), e.getMessage());
        assertSame(first, app.attributes.get(ServerContainer.class.getName()), "the first one stays");
    }

    @Test
    void anotherWebSocketImplementationAlreadyInstalledIsNamed() {
        app.attributes.put(ServerContainer.class.getName(), new StringBuilder("someone else's"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertTrue(e.getMessage().contains("tomcat-embed-websocket"), e.getMessage());
    }

    @Test
    void aClassThatIsNoEndpointFailsTheInstallNamingIt() {
        ServletException e = assertThrows(ServletException.class, () -> WebSocketEngine.install(app.context, String.class));
        assertInstanceOf(DeploymentException.class, e.getCause());
        assertTrue(e.getMessage().contains("java.lang.String is neither annotated @ServerEndpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("'/app'"), e.getMessage());
        assertNull(app.attributes.get(ServerContainer.class.getName()), "a failed install publishes nothing");
        assertTrue(app.filters.isEmpty());
    }

    @Test
    void aNonPublicEndpointFailsTheInstallNamingIt() {
        ServletException e = assertThrows(ServletException.class,
                () -> WebSocketEngine.install(app.context, NotPublic.class));
        assertTrue(e.getMessage().contains(NotPublic.class.getName() + " cannot be deployed: it must be a public"),
                e.getMessage());
    }

    @Test
    void aProgrammaticEndpointWithNothingToGiveItAPathFailsTheInstallNamingIt() {
        ServletException e = assertThrows(ServletException.class,
                () -> WebSocketEngine.install(app.context, Programmatic.class));
        assertTrue(e.getMessage().contains(Programmatic.class.getName() + " is a programmatic Endpoint"), e.getMessage());
    }

    @Test
    void twoEndpointsOnOnePathFailTheInstallWithTheEnginesMessage() {
        ServletException e = assertThrows(ServletException.class,
                () -> WebSocketEngine.install(app.context, Echo.class, SamePath.class));
        assertInstanceOf(DeploymentException.class, e.getCause());
        assertTrue(e.getMessage().contains("/echo"), e.getMessage());
        assertNull(app.attributes.get(ServerContainer.class.getName()));
    }

    @Test
    void builderSettingsOverrideTheContextParametersWhichOverrideTheDefaults() throws Exception {
        app.parameters.put(WebSocketEngine.MAX_SESSIONS_PARAM, "100");
        app.parameters.put(WebSocketEngine.ALLOWED_ORIGINS_PARAM, "https://example.com");
        WsServerContainer fromParameters = WebSocketEngine.install(app.context, Echo.class);
        assertEquals(100, fromParameters.getMaxSessions());
        assertTrue(fromParameters.getAllowedOrigins().allows("https://example.com"));
        assertTrue(!fromParameters.getAllowedOrigins().allows("https://evil.example"));

        FakeServletContext other = new FakeServletContext();
        other.parameters.put(WebSocketEngine.MAX_SESSIONS_PARAM, "100");
        WsServerContainer fromBuilder = WebSocketEngine.builder().endpoints(Echo.class)
                .maxSessions(7).allowedOrigins("http://localhost:*").install(other.context);
        assertEquals(7, fromBuilder.getMaxSessions());
        assertTrue(fromBuilder.getAllowedOrigins().allows("http://localhost:8080"));
        assertTrue(!fromBuilder.getAllowedOrigins().allows("https://example.com"));
        other.stop();

        FakeServletContext plain = new FakeServletContext();
        assertEquals(WsServerContainer.DEFAULT_MAX_SESSIONS, WebSocketEngine.install(plain.context).getMaxSessions());
        plain.stop();
    }

    @Test
    void rejectsBadSettingsByName() {
        WebSocketEngine.Builder builder = WebSocketEngine.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxConnectionThreads(0))
                .getMessage().contains("maxConnectionThreads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxInboundBacklog(-1))
                .getMessage().contains("maxInboundBacklog"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder.maxSessions(-1))
                .getMessage().contains("maxSessions"));
        assertThrows(IllegalArgumentException.class, () -> builder.allowedOrigins("example.com"));

        app.parameters.put(WebSocketEngine.MAX_THREADS_PARAM, "99999999999");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().contains(WebSocketEngine.MAX_THREADS_PARAM + " is too large"), e.getMessage());
    }

    @Test
    void destroyingTheFilterStopsTheContainer() throws Exception {
        WsServerContainer container = WebSocketEngine.install(app.context, Echo.class);
        app.stop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> container.addEndpoint(SamePath.class));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }

    @Test
    void installingOnceTheApplicationRunsFailsAndSaysWhenToInstall() {
        when(app.context.addFilter(anyString(), any(jakarta.servlet.Filter.class)))
                .thenThrow(new IllegalStateException("context already initialized"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WebSocketEngine.install(app.context, Echo.class));
        assertTrue(e.getMessage().contains("while the application starts"), e.getMessage());
        assertNull(app.attributes.get(ServerContainer.class.getName()), "nothing is left published");
    }
}
