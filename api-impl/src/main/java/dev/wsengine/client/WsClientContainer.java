package dev.wsengine.client;

import dev.wsengine.endpoint.AnnotatedEndpoint;
import dev.wsengine.endpoint.EndpointModel;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.settings.SendLimits;
import dev.wsengine.session.SessionSpec;
import dev.wsengine.settings.SettingProperties;
import dev.wsengine.session.WsSession;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;

/**
 * The client container: {@code connectToServer} over our own non-blocking sockets
 * ({@code ws://} and {@code wss://}), with the connection settings of {@link ClientProperties}.
 *
 * <p>{@code ContainerProvider.getWebSocketContainer()} returns a new one of these (see
 * {@link WsContainerProvider}). All containers share the JVM's daemon client threads
 * ({@link ClientThreads}), so a client program exits when its main thread does, and making many
 * containers costs no threads. {@link #shutdown()} closes what one container opened.
 */
public class WsClientContainer implements WebSocketContainer {

    /** Default of the text and binary message buffer sizes, in bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /** How long {@link #shutdown()} gives open sessions to finish their close handshake. */
    private static final long SHUTDOWN_GRACE_MS = 2_000;

    private final ClientThreads threads;
    /** Open sessions per endpoint class: what {@code Session.getOpenSessions()} reports. */
    private final Map<Class<?>, Set<Session>> openSessions = new ConcurrentHashMap<>();
    private final Set<NioTransport> transports = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> defaultProperties = new ConcurrentHashMap<>();
    private volatile long defaultMaxSessionIdleTimeout;
    private volatile int defaultMaxTextMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile int defaultMaxBinaryMessageBufferSize = DEFAULT_BUFFER_SIZE;
    private volatile long defaultAsyncSendTimeout;

    public WsClientContainer() {
        this.threads = ClientThreads.shared();
    }

    /**
     * Sets a {@link ClientProperties} value for every connection of this container whose
     * endpoint configuration does not set it itself; a null value removes it.
     */
    public void setDefaultProperty(String key, Object value) {
        if (value == null) {
            defaultProperties.remove(key);
        } else {
            defaultProperties.put(key, value);
        }
    }

    // ------------------------------------------------------------------ connectToServer

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        Objects.requireNonNull(annotatedEndpointInstance, "annotatedEndpointInstance");
        Class<?> type = annotatedEndpointInstance.getClass();
        ClientEndpoint annotation = requireAnnotation(type);
        EndpointModel model = EndpointModel.of(type, Arrays.asList(annotation.decoders()));
        return connect(new AnnotatedEndpoint(model, annotatedEndpointInstance), type, configOf(type, annotation), path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        ClientEndpoint annotation = requireAnnotation(annotatedEndpointClass);
        EndpointModel model = EndpointModel.of(annotatedEndpointClass, Arrays.asList(annotation.decoders()));
        return connect(new AnnotatedEndpoint(model, model.newInstance()), annotatedEndpointClass,
                configOf(annotatedEndpointClass, annotation), path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        Objects.requireNonNull(endpointInstance, "endpointInstance");
        return connect(endpointInstance, endpointInstance.getClass(), configOrDefault(cec), path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig cec, URI path)
            throws DeploymentException, IOException {
        Endpoint endpoint = instantiate(endpointClass, "endpoint");
        return connect(endpoint, endpointClass, configOrDefault(cec), path);
    }

    private static ClientEndpointConfig configOrDefault(ClientEndpointConfig cec) {
        return cec != null ? cec : ClientEndpointConfig.Builder.create().build();
    }

    private static ClientEndpoint requireAnnotation(Class<?> type) throws DeploymentException {
        ClientEndpoint annotation = type.getAnnotation(ClientEndpoint.class);
        if (annotation == null) {
            throw new DeploymentException(type.getName() + " is not annotated with @ClientEndpoint; "
                    + "connect a programmatic Endpoint with connectToServer(Endpoint, ClientEndpointConfig, URI)");
        }
        return annotation;
    }

    /** The configuration {@code @ClientEndpoint} describes; a new one per connection (its user properties are its own). */
    private static ClientEndpointConfig configOf(Class<?> type, ClientEndpoint annotation) throws DeploymentException {
        ClientEndpointConfig.Configurator configurator = instantiate(annotation.configurator(),
                "configurator of @ClientEndpoint " + type.getName());
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(Arrays.asList(annotation.subprotocols()))
                .encoders(Arrays.asList(annotation.encoders()))
                .decoders(Arrays.asList(annotation.decoders()))
                .configurator(configurator)
                .build();
    }

    private static <T> T instantiate(Class<T> type, String role) throws DeploymentException {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor();
            constructor.trySetAccessible();
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new DeploymentException("Cannot instantiate the " + role + " " + type.getName()
                    + ": it needs a public no-argument constructor (" + e + ")", e);
        }
    }

    private Session connect(Endpoint endpoint, Class<?> endpointClass, ClientEndpointConfig config, URI uri)
            throws DeploymentException, IOException {
        Objects.requireNonNull(uri, "path");
        ConnectionSettings settings;
        SendLimits sendLimits;
        PeerLimits peerLimits;
        try {
            settings = ConnectionSettings.from(config.getUserProperties(), defaultProperties);
            Function<String, Object> properties = key -> {
                Object own = config.getUserProperties().get(key);
                return own != null ? own : defaultProperties.get(key);
            };
            sendLimits = SettingProperties.sendLimits(properties, SendLimits.defaults(), "Property");
            peerLimits = SettingProperties.peerLimits(properties, PeerLimits.defaults(), "Property");
        } catch (RuntimeException e) {
            throw new DeploymentException("Bad client connection property for " + uri + ": " + e.getMessage(), e);
        }
        ClientConnector.Connected connected = new ClientConnector(settings).connect(uri, config);
        NioTransport transport = null;
        try {
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
                    .subprotocol(connected.agreed().subprotocol())
                    .extensions(connected.agreed().extensions())
                    .deflate(connected.agreed().deflate())
                    .maxIdleTimeoutMs(defaultMaxSessionIdleTimeout)
                    .maxTextMessageBufferSize(defaultMaxTextMessageBufferSize)
                    .maxBinaryMessageBufferSize(defaultMaxBinaryMessageBufferSize)
                    .asyncSendTimeoutMs(defaultAsyncSendTimeout)
                    .sendLimits(sendLimits)
                    .peerLimits(peerLimits)
                    .openSessions(openSessions.computeIfAbsent(endpointClass, k -> ConcurrentHashMap.newKeySet()))
                    .scheduler(threads.scheduler)
                    .idleWheel(threads.idleWheel)
                    .executor(threads.executor)
                    .build());
            transport = new NioTransport(connected.wire(), threads.loop, threads.executor, secure, transports::remove);
            transports.add(transport);
            transport.start(session, connected.agreed().leftover());
            return session;
        } catch (IOException | RuntimeException e) {
            if (transport != null) {
                transport.close(true);
            } else {
                connected.wire().close();
            }
            throw e;
        }
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    // ------------------------------------------------------------------ shutting down

    /**
     * Closes every session this container opened with 1001 (going away), gives them a moment to
     * finish the close handshake, then cuts the connections that are still there. The container
     * stays usable; the shared client threads are daemon threads and need no stopping.
     */
    public void shutdown() {
        CloseReason goingAway = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Client container shut down");
        for (Set<Session> sessions : openSessions.values()) {
            for (Session session : sessions) {
                try {
                    session.close(goingAway);
                } catch (IOException | RuntimeException ignored) {
                    // The session reports its own end through onClose.
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MS);
        while (!transports.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (NioTransport transport : transports) {
            transport.close(true);
        }
    }

    // ------------------------------------------------------------------ WebSocketContainer settings

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

    /**
     * permessage-deflate, which the engine runs itself. The client still offers exactly the
     * extensions an endpoint's configuration lists: list permessage-deflate there to have it.
     */
    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.of(PerMessageDeflate.installedExtension());
    }
}
