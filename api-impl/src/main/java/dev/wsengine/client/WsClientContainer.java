package dev.wsengine.client;

import dev.wsengine.endpoint.AnnotatedEndpoint;
import dev.wsengine.endpoint.EndpointModel;
import dev.wsengine.session.SessionSpec;
import dev.wsengine.session.WsSession;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client container: {@code connectToServer} over our own non-blocking sockets. Its threads
 * (one selector thread, a pool for reading and callbacks, one timer thread) are daemon threads
 * created on first use, so a client program exits when its main thread does; {@link #shutdown()}
 * stops them explicitly.
 */
public class WsClientContainer implements WebSocketContainer {

    /** Defaults of the {@code WebSocketContainer} settings. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final Set<Session> openSessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> defaultProperties = new ConcurrentHashMap<>();
    private final String name = "wsengine-client-" + CONTAINERS.incrementAndGet();
    private volatile long defaultMaxSessionIdleTimeout;
    private volatile int defaultMaxTextMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile int defaultMaxBinaryMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile long defaultAsyncSendTimeout;
    private SelectorLoop loop;
    private ExecutorService executor;
    private ScheduledExecutorService scheduler;

    /** Sets a {@link ClientProperties} value for every connection that does not set it itself. */
    public void setDefaultProperty(String key, Object value) {
        defaultProperties.put(key, value);
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        Class<?> type = annotatedEndpointInstance.getClass();
        ClientEndpoint annotation = requireAnnotation(type);
        EndpointModel model = EndpointModel.of(type, Arrays.asList(annotation.decoders()));
        return connect(new AnnotatedEndpoint(model, annotatedEndpointInstance), configOf(annotation), path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        ClientEndpoint annotation = requireAnnotation(annotatedEndpointClass);
        EndpointModel model = EndpointModel.of(annotatedEndpointClass, Arrays.asList(annotation.decoders()));
        return connect(new AnnotatedEndpoint(model, model.newInstance()), configOf(annotation), path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        return connect(endpointInstance, cec, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        Endpoint endpoint;
        try {
            endpoint = endpointClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("Cannot instantiate " + endpointClass.getName()
                    + ": an Endpoint class needs a public no-argument constructor", e);
        }
        return connect(endpoint, cec, path);
    }

    private static ClientEndpoint requireAnnotation(Class<?> type) throws DeploymentException {
        ClientEndpoint annotation = type.getAnnotation(ClientEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(type.getName() + " is not annotated with @ClientEndpoint");
        }
        return annotation;
    }

    private static ClientEndpointConfig configOf(ClientEndpoint annotation) throws DeploymentException {
        ClientEndpointConfig.Configurator configurator;
        try {
            configurator = annotation.configurator().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("Cannot instantiate the configurator " + annotation.configurator().getName(), e);
        }
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(Arrays.asList(annotation.subprotocols()))
                .encoders(Arrays.asList(annotation.encoders()))
                .decoders(Arrays.asList(annotation.decoders()))
                .configurator(configurator)
                .build();
    }

    private Session connect(Endpoint endpoint, ClientEndpointConfig config, URI uri) throws DeploymentException, IOException {
        ConnectionSettings settings = ConnectionSettings.from(config.getUserProperties(), defaultProperties);
        ClientConnector.Connected connected = new ClientConnector(settings).connect(uri, config);
        boolean secure = connected.wire() instanceof TlsWire;
        WsSession session = new WsSession(SessionSpec.builder()
                .container(this)
                .endpoint(endpoint)
                .config(config)
                .client(true)
                .requestUri(uri)
                .queryString(uri.getRawQuery())
                .requestParameterMap(parseQuery(uri.getRawQuery()))
                .secure(secure)
                .subprotocol(connected.subprotocol())
                .extensions(connected.extensions())
                .maxIdleTimeoutMs(defaultMaxSessionIdleTimeout)
                .maxTextMessageBufferSize(defaultMaxTextMessageBufferSize)
                .maxBinaryMessageBufferSize(defaultMaxBinaryMessageBufferSize)
                .asyncSendTimeoutMs(defaultAsyncSendTimeout)
                .openSessions(openSessions)
                .scheduler(scheduler())
                .executor(executor())
                .build());
        NioTransport transport = new NioTransport(connected.wire(), loop(), executor(), secure);
        transport.start(session, connected.leftover());
        return session;
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private synchronized SelectorLoop loop() {
        if (loop == null) {
            loop = new SelectorLoop(name + "-selector");
        }
        return loop;
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            executor = Executors.newCachedThreadPool(daemonThreads(name + "-worker"));
        }
        return executor;
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(name + "-timer"));
        }
        return scheduler;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Closes every open session (1001) and stops the container's threads. */
    public synchronized void shutdown() {
        for (Session session : openSessions) {
            try {
                session.close(new jakarta.websocket.CloseReason(
                        jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, "Client container shut down"));
            } catch (IOException ignored) {
                // The session reports its own end.
            }
        }
        if (loop != null) {
            loop.shutdown();
        }
        if (executor != null) {
            executor.shutdown();
        }
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

    @Override
    public long getDefaultAsyncSendTimeout() {
        return defaultAsyncSendTimeout;
    }

    @Override
    public void setAsyncSendTimeout(long timeoutmillis) {
        this.defaultAsyncSendTimeout = timeoutmillis;
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return defaultMaxSessionIdleTimeout;
    }

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
        this.defaultMaxBinaryMessageBufferSize = max;
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return defaultMaxTextMessageBufferSize;
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        this.defaultMaxTextMessageBufferSize = max;
    }

    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.of();
    }
}
