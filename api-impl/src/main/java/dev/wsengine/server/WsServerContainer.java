package dev.wsengine.server;

import dev.wsengine.client.WsClientContainer;
import dev.wsengine.endpoint.EndpointModel;
import dev.wsengine.session.WsSession;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.WeakHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server container of one web application, without any servlet type: endpoints are
 * deployed here, requests are matched and answered here, and the servlet bridge only carries
 * bytes. It also acts as a client container ({@code connectToServer}) through its own
 * {@link WsClientContainer}.
 */
public final class WsServerContainer implements ServerContainer {

    /** Defaults of the {@code WebSocketContainer} settings for server sessions. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /** How long {@link #stop()} waits for sessions to finish their close handshakes. */
    private static final long STOP_GRACE_MS = 2_000;

    private static final System.Logger LOG = System.getLogger(WsServerContainer.class.getName());
    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final EndpointRegistry registry = new EndpointRegistry();
    private final ServerHandshake handshake = new ServerHandshake(this);
    private final WsClientContainer client = new WsClientContainer();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private volatile boolean started;
    private volatile boolean stopped;
    /** Every session a handshake made, open or about to open, so that stop() reaches them all. */
    private final Set<Session> sessions = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile ProgrammaticUpgrade programmaticUpgrade;
    private volatile long defaultMaxSessionIdleTimeout;
    private volatile int defaultMaxTextMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile int defaultMaxBinaryMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile long defaultAsyncSendTimeout;

    public WsServerContainer() {
        String name = "wsengine-server-" + CONTAINERS.incrementAndGet();
        this.executor = Executors.newCachedThreadPool(daemonThreads(name + "-worker"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-timer"));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ------------------------------------------------------------------ deployment

    @Override
    public void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        requireDeploying();
        ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(endpointClass.getName() + " is not annotated with @ServerEndpoint");
        }
        ServerEndpointConfig.Configurator configurator = configuratorOf(endpointClass, annotation);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpointClass, annotation.value())
                .subprotocols(Arrays.asList(annotation.subprotocols()))
                .encoders(Arrays.asList(annotation.encoders()))
                .decoders(Arrays.asList(annotation.decoders()))
                .configurator(configurator)
                .build();
        deploy(config);
    }

    @Override
    public void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
        requireDeploying();
        deploy(config);
    }

    private void deploy(ServerEndpointConfig config) throws DeploymentException {
        PathTemplate template = PathTemplate.parse(config.getPath());
        Class<?> type = config.getEndpointClass();
        EndpointModel model = null;
        if (!Endpoint.class.isAssignableFrom(type)) {
            model = EndpointModel.of(type, config.getDecoders());
            model.checkPathParameters(template.variableNames());
        }
        registry.add(EndpointRegistration.of(template, config, model));
    }

    private static ServerEndpointConfig.Configurator configuratorOf(Class<?> endpointClass, ServerEndpoint annotation)
            throws DeploymentException {
        Class<? extends ServerEndpointConfig.Configurator> type = annotation.configurator();
        if (type == ServerEndpointConfig.Configurator.class) {
            return new DefaultServerConfigurator();
        }
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("Cannot instantiate configurator " + type.getName() + " of "
                    + endpointClass.getName() + ": it needs a public no-argument constructor", e);
        }
    }

    private void requireDeploying() {
        if (started) {
            throw new IllegalStateException("The web application has started: endpoints can no longer be added");
        }
    }

    /** From now on no endpoint may be added (called once the application serves requests). */
    public void markStarted() {
        started = true;
    }

    // ------------------------------------------------------------------ handshakes

    /** The endpoint for a request path within the application, or null. */
    public EndpointMatch match(String path) {
        return registry.match(path);
    }

    public HandshakeResult handshake(UpgradeRequest request, EndpointMatch match) {
        return handshake.run(request, match);
    }

    /** The bridge installs how a servlet or filter upgrades a request itself. */
    public void setProgrammaticUpgrade(ProgrammaticUpgrade upgrade) {
        this.programmaticUpgrade = upgrade;
    }

    /** Runs the handshake for a configuration that is not deployed, for {@link #upgradeHttpToWebSocket}. */
    public HandshakeResult handshake(UpgradeRequest request, ServerEndpointConfig config, Map<String, String> pathParameters)
            throws DeploymentException {
        EndpointModel model = Endpoint.class.isAssignableFrom(config.getEndpointClass()) ? null
                : EndpointModel.of(config.getEndpointClass(), config.getDecoders());
        EndpointRegistration registration = EndpointRegistration.of(PathTemplate.parse(config.getPath()), config, model);
        return handshake.run(request, new EndpointMatch(registration, Map.copyOf(pathParameters)));
    }

    @Override
    public void upgradeHttpToWebSocket(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig sec,
                                       Map<String, String> pathParameters) throws IOException, DeploymentException {
        ProgrammaticUpgrade upgrade = programmaticUpgrade;
        if (upgrade == null) {
            throw new UnsupportedOperationException("This container does not run inside a servlet container");
        }
        upgrade.upgrade(httpServletRequest, httpServletResponse, sec, pathParameters);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Closes every open session with 1001, gives their close handshakes a moment to finish, and
     * stops the container's threads.
     */
    public void stop() {
        stopped = true;
        Session[] all;
        synchronized (sessions) {
            all = sessions.toArray(new Session[0]);
        }
        for (Session session : all) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Server stopping"));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing session " + session.getId() + " failed", e);
            }
        }
        awaitClosed(all);
        client.shutdown();
        scheduler.shutdown();
        executor.shutdown();
    }

    /** Lets the close handshakes finish before the caller takes the connections away. */
    private static void awaitClosed(Session[] sessions) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
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

    /** A session a handshake accepted; it may not be open yet. */
    void accepted(Session session) {
        sessions.add(session);
    }

    boolean isStopped() {
        return stopped;
    }

    public ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    // ------------------------------------------------------------------ WebSocketContainer

    @Override
    public long getDefaultAsyncSendTimeout() {
        return defaultAsyncSendTimeout;
    }

    @Override
    public void setAsyncSendTimeout(long timeoutmillis) {
        defaultAsyncSendTimeout = timeoutmillis;
        client.setAsyncSendTimeout(timeoutmillis);
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        return client.connectToServer(annotatedEndpointInstance, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        return client.connectToServer(annotatedEndpointClass, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client.connectToServer(endpointInstance, cec, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return client.connectToServer(endpointClass, cec, path);
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return defaultMaxSessionIdleTimeout;
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeout) {
        defaultMaxSessionIdleTimeout = timeout;
        client.setDefaultMaxSessionIdleTimeout(timeout);
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return defaultMaxBinaryMessageBufferSize;
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        defaultMaxBinaryMessageBufferSize = max;
        client.setDefaultMaxBinaryMessageBufferSize(max);
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return defaultMaxTextMessageBufferSize;
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        defaultMaxTextMessageBufferSize = max;
        client.setDefaultMaxTextMessageBufferSize(max);
    }

    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.of();
    }
}
