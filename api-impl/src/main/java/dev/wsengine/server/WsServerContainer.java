package dev.wsengine.server;

import dev.wsengine.client.WsClientContainer;
import dev.wsengine.endpoint.EndpointModel;
import dev.wsengine.extensions.DeflateConfig;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.metrics.ContainerMetrics;
import dev.wsengine.metrics.JmxExport;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.session.IdleWheel;
import dev.wsengine.session.BufferBudget;
import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.SettingProperties;
import dev.wsengine.session.WsSession;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The server container of one web application, free of the Servlet API. The servlet bridge
 * creates it, deploys endpoints, calls {@link #markStarted()} when the application starts taking
 * requests, then for each upgrade request calls {@link #match(String)} and
 * {@link #handshake(UpgradeRequest, EndpointMatch)}, and {@link #stop()} when the application
 * ends.
 *
 * <p>Defaults, until set otherwise: sessions idle for five minutes are closed with 1001
 * ({@value #DEFAULT_MAX_SESSION_IDLE_TIMEOUT_MS} ms; 0 means never, as the API says),
 * text and binary buffers of {@value #DEFAULT_MAX_TEXT_MESSAGE_BUFFER_SIZE} bytes, no asynchronous
 * send timeout ({@value #DEFAULT_ASYNC_SEND_TIMEOUT_MS}). They apply to sessions opened after the
 * change.
 */
public final class WsServerContainer implements ServerContainer {

    /**
     * A silent connection is closed after five minutes: without a default, any client could hold
     * connections (and their memory) for ever. Long-lived quiet sessions send pings or set 0.
     */
    public static final long DEFAULT_MAX_SESSION_IDLE_TIMEOUT_MS = 5 * 60 * 1000;
    public static final int DEFAULT_MAX_TEXT_MESSAGE_BUFFER_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_BINARY_MESSAGE_BUFFER_SIZE = 64 * 1024;
    public static final long DEFAULT_ASYNC_SEND_TIMEOUT_MS = 0;
    /** How long {@link #stop()} waits for sessions to finish their close handshake. */
    static final long STOP_GRACE_MS = 2_000;

    private static final System.Logger LOG = System.getLogger(WsServerContainer.class.getName());

    private final EndpointRegistry<EndpointRegistration> registry = new EndpointRegistry<>();
    /**
     * Open sessions of endpoints connected through upgradeHttpToWebSocket, per configuration. Weak
     * keys: a set references its configuration only through open sessions, so a configuration
     * the application dropped goes away once its sessions have closed.
     */
    /**
     * A {@code ServerEndpointConfig} user property: the endpoint's own origin allow-list, as an
     * {@link AllowedOrigins} list in one string ({@code "https://example.com, https://*.example.com"})
     * or a collection of entries.
     */
    public static final String ALLOWED_ORIGINS_PROPERTY = "dev.wsengine.allowedOrigins";

    /**
     * Open sessions beyond which the container answers handshakes 503, before the upgrade: a flood
     * of connections costs a status line each, not a session each. Tens of thousands of idle
     * sessions fit a default heap (a few KB each); {@code 0} means no limit.
     */
    public static final int DEFAULT_MAX_SESSIONS = 20_000;

    /** A {@code ServerEndpointConfig} user property: that endpoint's own limit of open sessions (a number). */
    public static final String MAX_SESSIONS_PROPERTY = "dev.wsengine.maxSessions";

    /**
     * Bytes of header names and values (request line and line ends not counted) an upgrade request
     * may carry, refused with 431 beyond. Servlet containers refuse bigger heads themselves at
     * their own limits (Tomcat and Jetty: 8 KiB including the request line, Undertow: 1 MiB), so
     * this is the bound where the container's is loose; 16 KiB leaves room for the cookies a
     * browser sends along with what our handshake needs (a few hundred bytes).
     */
    public static final int DEFAULT_MAX_HANDSHAKE_HEADER_BYTES = 16 * 1024;
    /** Header lines an upgrade request may carry, refused with 431 beyond; Tomcat's own default is also 100. */
    public static final int DEFAULT_MAX_HANDSHAKE_HEADERS = 100;

    private final Map<ServerEndpointConfig, AdHocEndpoint> adHoc = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Sessions a handshake accepted that have not opened yet: {@link #stop()} must also reach sessions
     * whose connection has not been switched yet. A session leaves on opening (it is in its endpoint's
     * open sessions from then on), so this stays small under a stream of handshakes; weak, so one the
     * bridge never opened (its connection died first) does not stay here either.
     */
    private final Set<Session> unopened = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ServerThreads threads = new ServerThreads();
    private final ServerHandshake handshake = new ServerHandshake(this);
    private final ContainerMetrics metrics = new ContainerMetrics();
    /** The JMX registration of {@link #metrics}, while exported. */
    private volatile JmxExport jmx;

    private volatile WebSocketContainer clientContainer;
    /** True when {@link #client()} created the client container, so {@link #stop()} shuts it down. */
    private boolean ownsClient;
    private volatile ProgrammaticUpgrade programmaticUpgrade;
    /** What the configurators may agree to: permessage-deflate, which the engine runs itself. */
    private volatile List<Extension> serverExtensions = List.of(PerMessageDeflate.installedExtension());
    private volatile PerMessageDeflate perMessageDeflate = PerMessageDeflate.withDefaults();
    private volatile AllowedOrigins allowedOrigins = AllowedOrigins.ANY;
    private volatile SendLimits sendLimits = SendLimits.defaults();
    private volatile PeerLimits peerLimits = PeerLimits.defaults();
    private volatile int maxHandshakeHeaderBytes = DEFAULT_MAX_HANDSHAKE_HEADER_BYTES;
    private volatile int maxHandshakeHeaders = DEFAULT_MAX_HANDSHAKE_HEADERS;
    private volatile int maxSessions = DEFAULT_MAX_SESSIONS;
    private final BufferBudget bufferBudget = BufferBudget.ofHeap();
    private volatile boolean started;
    private volatile boolean stopped;

    private volatile long defaultMaxSessionIdleTimeout = DEFAULT_MAX_SESSION_IDLE_TIMEOUT_MS;
    private volatile int defaultMaxTextMessageBufferSize = DEFAULT_MAX_TEXT_MESSAGE_BUFFER_SIZE;
    private volatile int defaultMaxBinaryMessageBufferSize = DEFAULT_MAX_BINARY_MESSAGE_BUFFER_SIZE;
    private volatile long defaultAsyncSendTimeout = DEFAULT_ASYNC_SEND_TIMEOUT_MS;

    private record AdHocEndpoint(EndpointModel model, Set<Session> openSessions) {
    }

    /** A container whose client side ({@code connectToServer}) is our {@link WsClientContainer}, created when first needed. */
    public WsServerContainer() {
    }

    /** A container whose {@code connectToServer} methods use {@code clientContainer}. */
    public WsServerContainer(WebSocketContainer clientContainer) {
        this.clientContainer = clientContainer;
    }

    // ------------------------------------------------------------------ deployment

    @Override
    public void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        checkDeploymentOpen();
        ServerEndpointConfig config = AnnotatedServerConfig.of(endpointClass);
        PathTemplate template = PathTemplate.parse(config.getPath());
        synchronized (registry) {
            EndpointRegistry.Entry<EndpointRegistration> existing = registry.find(template);
            if (existing != null && existing.endpointClass() == endpointClass && existing.value().fromAnnotation()
                    && existing.template().path().equals(template.path())) {
                // The same annotated class found twice (scanning and a listener, say): one endpoint.
                return;
            }
            register(config, template, true);
        }
    }

    @Override
    public void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
        checkDeploymentOpen();
        if (config == null) {
            throw new DeploymentException("Cannot deploy a null ServerEndpointConfig");
        }
        PathTemplate template = PathTemplate.parse(config.getPath());
        synchronized (registry) {
            register(config, template, false);
        }
    }

    private void register(ServerEndpointConfig config, PathTemplate template, boolean fromAnnotation)
            throws DeploymentException {
        if (deploymentFailure != null) {
            throw new DeploymentException("An earlier endpoint of this application failed to deploy ("
                    + deploymentFailure.getMessage() + "); no endpoint is deployed any more", deploymentFailure);
        }
        try {
            EndpointModel model = EndpointValidation.validate(config, template);
            EndpointRegistration registration = new EndpointRegistration(config, template, model,
                    ConcurrentHashMap.newKeySet(), fromAnnotation);
            registry.register(template, config.getEndpointClass(), registration);
            metrics.forPath(config.getPath()); // its bean exists before its first handshake
        } catch (DeploymentException e) {
            // Spec 6.2: a deployment error takes the whole application's endpoints out of service,
            // even when whoever called addEndpoint caught the exception.
            deploymentFailure = e;
            throw e;
        }
    }

    private void checkDeploymentOpen() {
        if (stopped) {
            throw new IllegalStateException("The WebSocket container is stopped; endpoints can no longer be deployed");
        }
        if (started) {
            throw new IllegalStateException("The WebSocket application has already been deployed; endpoints can "
                    + "only be added before it starts accepting connections");
        }
    }

    /**
     * Ends the deployment phase: from now on {@code addEndpoint} throws IllegalStateException.
     * Idempotent; the bridge calls it when the application starts taking requests.
     */
    /** The first deployment error, after which no endpoint of the application is served. */
    private volatile DeploymentException deploymentFailure;

    public void markStarted() {
        started = true;
    }

    /** The counters of this container and its endpoint paths. */
    public ContainerMetrics metrics() {
        return metrics;
    }

    /**
     * Registers the metrics with the platform MBean server under {@code context} (the bridge
     * passes the context path) until {@link #stop()}. Idempotent.
     */
    public synchronized void exportMetrics(String context) {
        if (jmx == null && !stopped) {
            jmx = JmxExport.register(metrics, context);
        }
    }

    private synchronized void unexportMetrics() {
        if (jmx != null) {
            jmx.close();
            jmx = null;
        }
    }

    public boolean isStarted() {
        return started;
    }

    boolean isStopped() {
        return stopped;
    }

    // ------------------------------------------------------------------ serving

    /** The endpoint for a raw (percent-encoded) request path within the application, or null. */
    public EndpointMatch match(String path) {
        if (deploymentFailure != null) {
            return null;
        }
        EndpointRegistry.Match<EndpointRegistration> m = registry.match(path);
        return m == null ? null : new EndpointMatch(m.entry().value(), m.pathParameters());
    }

    /**
     * Runs the server's opening handshake for {@code request} against {@code match}: a 101 with the
     * session to hand the connection to, or a refusal (400/426 malformed request, 403 origin,
     * 500 application failure, 503 stopped) with its headers and a message.
     */
    public HandshakeResult handshake(UpgradeRequest request, EndpointMatch match) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(match, "match");
        HandshakeResult result = handshake.run(request, match);
        metrics.forPath(match.registration().config().getPath()).handshake(result.status());
        return result;
    }

    /**
     * A match for {@code upgradeHttpToWebSocket}: {@code config} need not be deployed. Sessions
     * of the same configuration share their open-session set.
     */
    public EndpointMatch matchFor(ServerEndpointConfig config, Map<String, String> pathParameters)
            throws DeploymentException {
        if (config == null) {
            throw new DeploymentException("Cannot upgrade to a null ServerEndpointConfig");
        }
        Map<String, String> params = pathParameters == null ? Map.of() : pathParameters;
        for (EndpointRegistry.Entry<EndpointRegistration> e : registry.entries()) {
            if (e.value().config() == config) {
                return new EndpointMatch(e.value(), params);
            }
        }
        PathTemplate template = PathTemplate.parse(config.getPath());
        AdHocEndpoint endpoint;
        synchronized (adHoc) {
            endpoint = adHoc.get(config);
        }
        if (endpoint == null) {
            // Validated outside the lock: building a model reflects over the class.
            EndpointModel model = EndpointValidation.validate(config, null);
            synchronized (adHoc) {
                endpoint = adHoc.computeIfAbsent(config, c -> new AdHocEndpoint(model, ConcurrentHashMap.newKeySet()));
            }
        }
        return new EndpointMatch(new EndpointRegistration(config, template, endpoint.model(),
                endpoint.openSessions(), false), params);
    }

    @Override
    public void upgradeHttpToWebSocket(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig sec,
                                       Map<String, String> pathParameters) throws IOException, DeploymentException {
        ProgrammaticUpgrade upgrade = programmaticUpgrade;
        if (upgrade == null) {
            throw new UnsupportedOperationException("This WebSocket container is not running inside a Servlet "
                    + "container (no ProgrammaticUpgrade installed)");
        }
        Map<String, String> params = pathParameters == null ? Map.of() : pathParameters;
        matchFor(sec, params); // a broken configuration fails here, before anything is written
        upgrade.upgrade(httpServletRequest, httpServletResponse, sec, params);
    }

    /**
     * The handshake for {@code upgradeHttpToWebSocket}: as {@link #handshake(UpgradeRequest, EndpointMatch)}
     * for a configuration that need not be deployed.
     */
    public HandshakeResult handshake(UpgradeRequest request, ServerEndpointConfig config,
                                     Map<String, String> pathParameters) throws DeploymentException {
        return handshake(request, matchFor(config, pathParameters));
    }

    /** Installed by the servlet bridge; see {@link ProgrammaticUpgrade}. */
    public void setProgrammaticUpgrade(ProgrammaticUpgrade upgrade) {
        this.programmaticUpgrade = upgrade;
    }

    /**
     * The extensions the server negotiates with clients; by default permessage-deflate. An empty
     * list turns compression off.
     */
    public void setServerExtensions(List<? extends Extension> extensions) {
        this.serverExtensions = List.copyOf(extensions);
    }

    /** The extensions the server negotiates with clients (see {@link #setServerExtensions}). */
    public List<Extension> getServerExtensions() {
        return serverExtensions;
    }

    /**
     * The browser origins every endpoint accepts unless its {@code ServerEndpointConfig} user
     * property {@value #ALLOWED_ORIGINS_PROPERTY} says otherwise; others get 403 before the
     * endpoint's configurator is asked. Default {@link AllowedOrigins#ANY}.
     */
    public void setAllowedOrigins(AllowedOrigins origins) {
        this.allowedOrigins = Objects.requireNonNull(origins, "origins");
    }

    public AllowedOrigins getAllowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Bounds of every new session's outgoing queue, its back-pressure marks and its write timeout
     * for peers that do not read; see {@link SendLimits} for what they do and their defaults.
     */
    public void setSendLimits(SendLimits limits) {
        this.sendLimits = java.util.Objects.requireNonNull(limits, "limits");
    }

    public SendLimits getSendLimits() {
        return sendLimits;
    }

    /**
     * Fragments per message, inflation ratio and keepalive of every new session; see
     * {@link PeerLimits}. An endpoint's user properties named in {@link SettingProperties} override
     * them, and {@link #getSendLimits()}, for its sessions.
     */
    public void setPeerLimits(PeerLimits limits) {
        this.peerLimits = java.util.Objects.requireNonNull(limits, "limits");
    }

    public PeerLimits getPeerLimits() {
        return peerLimits;
    }

    /** See {@link #DEFAULT_MAX_HANDSHAKE_HEADER_BYTES}. */
    public void setMaxHandshakeHeaderBytes(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maxHandshakeHeaderBytes must be positive, got " + bytes);
        }
        this.maxHandshakeHeaderBytes = bytes;
    }

    public int getMaxHandshakeHeaderBytes() {
        return maxHandshakeHeaderBytes;
    }

    /** See {@link #DEFAULT_MAX_HANDSHAKE_HEADERS}. */
    public void setMaxHandshakeHeaders(int headers) {
        if (headers <= 0) {
            throw new IllegalArgumentException("maxHandshakeHeaders must be positive, got " + headers);
        }
        this.maxHandshakeHeaders = headers;
    }

    public int getMaxHandshakeHeaders() {
        return maxHandshakeHeaders;
    }

    /** See {@link #DEFAULT_MAX_SESSIONS}; 0 for no limit. */
    public void setMaxSessions(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxSessions must be 0 (no limit) or positive, got " + max);
        }
        this.maxSessions = max;
    }

    public int getMaxSessions() {
        return maxSessions;
    }

    /**
     * The bytes all sessions together may hold for their peers (outgoing frames not yet
     * written); past it the session holding the most beyond its low-water mark is closed with
     * 1013 (see {@link BufferBudget}). Default a quarter of the heap ({@code Runtime.maxMemory()});
     * 0 means no limit. Applies to open sessions too.
     */
    public void setMaxBufferedBytesTotal(long bytes) {
        bufferBudget.setLimitBytes(bytes);
    }

    public long getMaxBufferedBytesTotal() {
        return bufferBudget.limitBytes();
    }

    /** The budget every session of this container is charged to; its bytes held now are in {@code heldBytes()}. */
    public BufferBudget bufferBudget() {
        return bufferBudget;
    }

    /** How many sessions are open now, without building the set {@link #openSessions()} returns. */
    int openSessionCount() {
        int count = 0;
        for (EndpointRegistry.Entry<EndpointRegistration> e : registry.entries()) {
            count += e.value().openSessions().size();
        }
        synchronized (adHoc) {
            for (AdHocEndpoint a : adHoc.values()) {
                count += a.openSessions().size();
            }
        }
        return count;
    }

    /** How agreed permessage-deflate compresses (level, threshold, context takeover); see {@link DeflateConfig}. */
    public void setDeflateConfig(DeflateConfig config) {
        this.perMessageDeflate = new PerMessageDeflate(config);
    }

    /** How agreed permessage-deflate compresses now. */
    public DeflateConfig getDeflateConfig() {
        return perMessageDeflate.config();
    }

    PerMessageDeflate perMessageDeflate() {
        return perMessageDeflate;
    }

    /** Runs the sessions' timeouts. Daemon threads; shut down by {@link #stop()}. */
    public ScheduledExecutorService scheduler() {
        return threads.scheduler();
    }

    /** The idle timers of this container's sessions, on {@link #scheduler()}. */
    IdleWheel idleWheel() {
        return threads.idleWheel();
    }

    /** Runs session work that must leave the calling thread. Daemon threads; shut down by {@link #stop()}. */
    public ExecutorService executor() {
        return threads.executor();
    }

    /** Where a session the handshake creates waits until it opens. */
    Set<Session> unopened() {
        return unopened;
    }

    /** Called by the handshake for each session it creates, after it was built with {@link #unopened()}. */
    void accepted(Session session) {
        unopened.add(session);
        if (stopped) {
            // stop() ran between this handshake's check and now; its snapshot may have missed us.
            closeGoingAway(session);
        }
    }

    /** Every open session of every endpoint. */
    public Set<Session> openSessions() {
        Set<Session> all = new java.util.HashSet<>();
        for (EndpointRegistry.Entry<EndpointRegistration> e : registry.entries()) {
            all.addAll(e.value().openSessions());
        }
        synchronized (adHoc) {
            adHoc.values().forEach(a -> all.addAll(a.openSessions()));
        }
        all.removeIf(s -> !s.isOpen());
        return all;
    }

    /**
     * Closes every open session with 1001 (going away), waits a bounded time for their close
     * handshakes, and shuts the container's threads down. New handshakes are refused with 503.
     * Idempotent.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Unopened first, open second: a session joins its open set before it leaves the unopened
        // one, so in this order none can slip between the two reads.
        List<Session> toClose;
        synchronized (unopened) {
            toClose = new ArrayList<>(unopened);
        }
        toClose.addAll(openSessions());
        for (Session session : toClose) {
            closeGoingAway(session);
        }
        // Sessions not switched yet send their Close when they open, which may be a moment after
        // this; they are waited for too, or the caller would take their connections away first
        // (1006 instead of 1001). One whose connection died before the switch never ends, but
        // costs no more than the shared grace period.
        awaitCloseHandshakes(toClose);
        threads.shutdown();
        unexportMetrics();
        WebSocketContainer client;
        boolean owned;
        synchronized (this) {
            client = clientContainer;
            owned = ownsClient;
        }
        if (owned && client instanceof WsClientContainer ours) {
            ours.shutdown();
        }
    }

    /**
     * Gives the close handshakes a bounded time to finish, so the caller does not take the
     * connections away before the peers' Close frames arrive. A session leaves its open set as
     * soon as our Close goes out, so this watches for the end of the handshake itself.
     */
    private static void awaitCloseHandshakes(List<Session> sessions) {
        long deadline = System.nanoTime() + STOP_GRACE_MS * 1_000_000L;
        for (Session session : sessions) {
            while (session instanceof WsSession ws && !ws.isClosed() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void closeGoingAway(Session session) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server stopping"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a session on stop failed", e);
        }
    }

    // ------------------------------------------------------------------ client side

    /**
     * The container {@code connectToServer} and {@code getInstalledExtensions} delegate to; the
     * caller keeps ownership (stop() does not shut it down).
     */
    public synchronized void setClientContainer(WebSocketContainer clientContainer) {
        this.clientContainer = clientContainer;
        this.ownsClient = false;
    }

    /** The client container, created on first use (and then owned: {@link #stop()} shuts it down). */
    private WebSocketContainer client() {
        WebSocketContainer c = clientContainer;
        if (c == null) {
            synchronized (this) {
                c = clientContainer;
                if (c == null) {
                    if (stopped) {
                        throw new IllegalStateException("The WebSocket container is stopped");
                    }
                    c = new WsClientContainer();
                    ownsClient = true;
                    clientContainer = c;
                }
            }
        }
        return c;
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        return client().connectToServer(annotatedEndpointInstance, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        return client().connectToServer(annotatedEndpointClass, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client().connectToServer(endpointInstance, cec, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client().connectToServer(endpointClass, cec, path);
    }

    /**
     * The client container's installed extensions when one was given; otherwise the extensions
     * the server negotiates (not worth creating a client for).
     */
    @Override
    public Set<Extension> getInstalledExtensions() {
        WebSocketContainer c = clientContainer;
        if (c == null) {
            return Set.copyOf(serverExtensions);
        }
        return c.getInstalledExtensions();
    }

    // ------------------------------------------------------------------ defaults

    @Override
    public long getDefaultAsyncSendTimeout() {
        return defaultAsyncSendTimeout;
    }

    /** Zero or negative: asynchronous sends never time out. */
    @Override
    public void setAsyncSendTimeout(long timeoutMillis) {
        this.defaultAsyncSendTimeout = timeoutMillis;
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return defaultMaxSessionIdleTimeout;
    }

    /** Zero or negative: sessions never time out for inactivity. */
    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeout) {
        this.defaultMaxSessionIdleTimeout = timeout;
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return defaultMaxBinaryMessageBufferSize;
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        this.defaultMaxBinaryMessageBufferSize = requireNonNegative(max, "binary");
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return defaultMaxTextMessageBufferSize;
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        this.defaultMaxTextMessageBufferSize = requireNonNegative(max, "text");
    }

    private static int requireNonNegative(int max, String kind) {
        if (max < 0) {
            throw new IllegalArgumentException("The maximum " + kind + " message buffer size cannot be negative: " + max);
        }
        return max;
    }

    @Override
    public String toString() {
        return "WsServerContainer[" + registry.entries().size() + " endpoints, "
                + (stopped ? "stopped" : started ? "started" : "deploying") + "]";
    }
}
