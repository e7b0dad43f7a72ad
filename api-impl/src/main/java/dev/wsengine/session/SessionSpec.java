package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.metrics.EndpointMetrics;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import java.net.URI;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a session is born with, fixed at the end of the opening handshake. The server and
 * the client container fill one in and hand it to {@link WsSession}; the session never reaches
 * back into the container that made it.
 */
public final class SessionSpec {

    /** Default for how long we wait for the peer's Close after sending ours, in milliseconds. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

    final WebSocketContainer container;
    final Endpoint endpoint;
    final EndpointConfig config;
    final boolean client;
    final RequestUri requestUri;
    final Map<String, String> pathParameters;
    final String queryString;
    final Map<String, List<String>> requestParameterMap;
    final Principal userPrincipal;
    final boolean secure;
    final String subprotocol;
    final List<Extension> extensions;
    /** The negotiated permessage-deflate, or null when messages go uncompressed. */
    final DeflateAgreement deflate;
    final long maxIdleTimeoutMs;
    final int maxTextMessageBufferSize;
    final int maxBinaryMessageBufferSize;
    final long asyncSendTimeoutMs;
    final long closeTimeoutMs;
    final SendLimits sendLimits;
    final PeerLimits peerLimits;
    final BufferBudget bufferBudget;
    final Set<Session> openSessions;
    /** The set this session leaves once it is open (its place is then openSessions), or null. */
    final Set<Session> unopened;
    final ScheduledExecutorService scheduler;
    /** The container's, which all its sessions' idle timers share. */
    final IdleWheel idleWheel;
    final Executor executor;
    final ClassLoader classLoader;
    /** Where the session counts its messages, closes and drops. */
    final EndpointMetrics metrics;

    /**
     * Insertion order kept: applications list path parameters in template order. Most sessions
     * have none, and share the one empty map instead of two maps each.
     */
    private static <V> Map<String, V> readOnlyCopy(Map<String, V> source) {
        return source.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }

    private SessionSpec(Builder b) {
        this.container = Objects.requireNonNull(b.container, "container");
        this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
        this.config = Objects.requireNonNull(b.config, "config");
        this.client = b.client;
        this.requestUri = Objects.requireNonNull(b.requestUri, "requestUri");
        this.pathParameters = readOnlyCopy(b.pathParameters);
        this.queryString = b.queryString;
        this.requestParameterMap = readOnlyCopy(b.requestParameterMap);
        this.userPrincipal = b.userPrincipal;
        this.secure = b.secure;
        this.subprotocol = b.subprotocol == null ? "" : b.subprotocol;
        this.extensions = List.copyOf(b.extensions);
        this.deflate = b.deflate;
        this.maxIdleTimeoutMs = b.maxIdleTimeoutMs;
        this.maxTextMessageBufferSize = b.maxTextMessageBufferSize;
        this.maxBinaryMessageBufferSize = b.maxBinaryMessageBufferSize;
        this.asyncSendTimeoutMs = b.asyncSendTimeoutMs;
        this.closeTimeoutMs = b.closeTimeoutMs;
        this.sendLimits = b.sendLimits;
        this.peerLimits = b.peerLimits;
        this.bufferBudget = b.bufferBudget;
        this.openSessions = Objects.requireNonNull(b.openSessions, "openSessions");
        this.unopened = b.unopened;
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.idleWheel = b.idleWheel != null ? b.idleWheel : new IdleWheel(scheduler);
        this.executor = Objects.requireNonNull(b.executor, "executor");
        this.classLoader = b.classLoader;
        this.metrics = b.metrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private WebSocketContainer container;
        private Endpoint endpoint;
        private EndpointConfig config;
        private boolean client;
        private RequestUri requestUri;
        private Map<String, String> pathParameters = Map.of();
        private String queryString;
        private Map<String, List<String>> requestParameterMap = Map.of();
        private Principal userPrincipal;
        private boolean secure;
        private String subprotocol = "";
        private List<Extension> extensions = List.of();
        private DeflateAgreement deflate;
        private long maxIdleTimeoutMs;
        private int maxTextMessageBufferSize = 64 * 1024;
        private int maxBinaryMessageBufferSize = 64 * 1024;
        private long asyncSendTimeoutMs;
        private long closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS;
        private SendLimits sendLimits = SendLimits.defaults();
        private PeerLimits peerLimits = PeerLimits.defaults();
        private BufferBudget bufferBudget = BufferBudget.none();
        private Set<Session> openSessions;
        private Set<Session> unopened;
        private ScheduledExecutorService scheduler;
        private IdleWheel idleWheel;
        private Executor executor;
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private EndpointMetrics metrics = EndpointMetrics.untracked();

        private Builder() {
        }

        /** The container that {@code Session.getContainer()} returns. */
        public Builder container(WebSocketContainer container) { this.container = container; return this; }

        /** The endpoint instance this session drives (for annotated classes, its adapter). */
        public Builder endpoint(Endpoint endpoint) { this.endpoint = endpoint; return this; }

        public Builder config(EndpointConfig config) { this.config = config; return this; }

        /** True on the client side: our frames are masked and the peer's must not be. */
        public Builder client(boolean client) { this.client = client; return this; }

        public Builder requestUri(URI requestUri) { this.requestUri = RequestUri.of(requestUri); return this; }

        public Builder requestUri(RequestUri requestUri) { this.requestUri = requestUri; return this; }

        public Builder pathParameters(Map<String, String> pathParameters) { this.pathParameters = pathParameters; return this; }

        /** The query string without '?', or null when the request had none. */
        public Builder queryString(String queryString) { this.queryString = queryString; return this; }

        public Builder requestParameterMap(Map<String, List<String>> map) { this.requestParameterMap = map; return this; }

        public Builder userPrincipal(Principal userPrincipal) { this.userPrincipal = userPrincipal; return this; }

        public Builder secure(boolean secure) { this.secure = secure; return this; }

        /** The negotiated subprotocol; empty or null when none was agreed. */
        public Builder subprotocol(String subprotocol) { this.subprotocol = subprotocol; return this; }

        public Builder extensions(List<Extension> extensions) { this.extensions = extensions; return this; }

        /**
         * The permessage-deflate both sides agreed to (its answer should be among
         * {@link #extensions}); null, the default, when none was.
         */
        public Builder deflate(DeflateAgreement deflate) { this.deflate = deflate; return this; }

        /** Idle timeout in milliseconds; 0 or less means none. */
        public Builder maxIdleTimeoutMs(long ms) { this.maxIdleTimeoutMs = ms; return this; }

        public Builder maxTextMessageBufferSize(int bytes) { this.maxTextMessageBufferSize = bytes; return this; }

        public Builder maxBinaryMessageBufferSize(int bytes) { this.maxBinaryMessageBufferSize = bytes; return this; }

        /** Timeout for asynchronous sends in milliseconds; 0 or less means none. */
        public Builder asyncSendTimeoutMs(long ms) { this.asyncSendTimeoutMs = ms; return this; }

        /** How long to wait for the peer's Close after sending ours before cutting the connection. */
        public Builder closeTimeoutMs(long ms) { this.closeTimeoutMs = ms; return this; }

        /** Outgoing queue bounds, back-pressure marks and the write timeout; {@link SendLimits#defaults()} unless set. */
        public Builder sendLimits(SendLimits limits) { this.sendLimits = java.util.Objects.requireNonNull(limits, "limits"); return this; }

        /** Fragments, inflation ratio and keepalive; {@link PeerLimits#defaults()} unless set. */
        public Builder peerLimits(PeerLimits limits) { this.peerLimits = Objects.requireNonNull(limits, "limits"); return this; }

        /** The container's budget, which this session's queued bytes are charged to; none unless set. */
        public Builder bufferBudget(BufferBudget budget) { this.bufferBudget = Objects.requireNonNull(budget, "budget"); return this; }

        /**
         * The live set shared by the sessions that {@code getOpenSessions()} reports together
         * (one endpoint on the server side). The session adds itself when it opens and removes
         * itself when it closes. Must be safe for concurrent use.
         */
        public Builder openSessions(Set<Session> openSessions) { this.openSessions = openSessions; return this; }

        /**
         * A set that holds this session until it opens: the session removes itself right after
         * joining openSessions, so a container that reads this set first and openSessions second
         * sees every session in one of them.
         */
        public Builder unopened(Set<Session> unopened) { this.unopened = unopened; return this; }

        /** Runs the idle, close and send timeouts. */
        public Builder scheduler(ScheduledExecutorService scheduler) { this.scheduler = scheduler; return this; }

        /**
         * The container's idle timers, on its scheduler; without one the session gets a wheel of
         * its own (2 KiB and a timer task: fine for a test, not for thousands of sessions).
         */
        public Builder idleWheel(IdleWheel idleWheel) { this.idleWheel = idleWheel; return this; }

        /** Runs work that must leave the calling thread, such as callbacks after a timeout. */
        public Builder executor(Executor executor) { this.executor = executor; return this; }

        /**
         * The application's class loader, the context class loader of every endpoint callback
         * (so that ServiceLoader look-ups such as ContainerProvider's see the web application);
         * by default the context class loader of the thread that builds the spec (the handshake's).
         */
        public Builder classLoader(ClassLoader classLoader) { this.classLoader = classLoader; return this; }

        /** The endpoint's counters; by default counters nobody reads (client sessions). */
        public Builder metrics(EndpointMetrics metrics) { this.metrics = Objects.requireNonNull(metrics); return this; }

        public SessionSpec build() {
            return new SessionSpec(this);
        }
    }
}
