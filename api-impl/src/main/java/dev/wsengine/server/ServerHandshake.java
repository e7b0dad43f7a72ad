package dev.wsengine.server;

import dev.wsengine.endpoint.AnnotatedEndpoint;
import dev.wsengine.handshake.ExtensionHeader;
import dev.wsengine.handshake.HeaderNames;
import dev.wsengine.handshake.ServerRequestValidator;
import dev.wsengine.handshake.SubprotocolHeader;
import dev.wsengine.handshake.UpgradeValidation;
import dev.wsengine.handshake.WsExtension;
import dev.wsengine.logging.RateLimitedLog;
import dev.wsengine.session.RequestUri;
import dev.wsengine.session.SessionSpec;
import dev.wsengine.settings.SettingProperties;
import dev.wsengine.session.WsSession;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's side of one opening handshake, in the order of the specification (section 3.1
 * and the {@code modifyHandshake} javadoc): check the request (400/426), the origin (403),
 * negotiate subprotocol and extensions, copy the configuration for this session, let the
 * configurator modify the handshake, get the endpoint instance (500 if that fails; nothing reaches
 * the endpoint), and build the session. Failures of application code become 500 with the cause
 * in the message and the log.
 */
final class ServerHandshake {

    private static final System.Logger LOG = System.getLogger(ServerHandshake.class.getName());
    /** A configurator's bug fails every handshake of its endpoint: the operator needs a few lines, not all. */
    private static final RateLimitedLog FAILED = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private static final Map<String, List<String>> VERSION_HEADER =
            Map.of(HeaderNames.SEC_WEBSOCKET_VERSION, List.of(HeaderNames.VERSION_13));
    /** Sent with a 503 for a full server: clients and proxies such as nginx try again, or elsewhere. */
    private static final Map<String, List<String>> RETRY_LATER = Map.of("Retry-After", List.of("5"));

    private final WsServerContainer container;

    ServerHandshake(WsServerContainer container) {
        this.container = container;
    }

    /** Raised inside the steps to leave with a refusal. */
    private static final class Refusal extends Exception {
        final int status;
        final Map<String, List<String>> headers;

        Refusal(int status, String message, Throwable cause) {
            this(status, Map.of(), message, cause);
        }

        Refusal(int status, Map<String, List<String>> headers, String message, Throwable cause) {
            super(message, cause, false, false);
            this.status = status;
            this.headers = headers;
        }
    }

    /** 503 past the container's limit of open sessions, or the endpoint's own. */
    private void checkCapacity(EndpointRegistration registration) throws Refusal {
        int containerMax = container.getMaxSessions();
        if (containerMax > 0 && container.openSessionCount() >= containerMax) {
            throw new Refusal(503, RETRY_LATER, "The WebSocket container has its limit of " + containerMax
                    + " open sessions", null);
        }
        Object own = registration.config().getUserProperties().get(WsServerContainer.MAX_SESSIONS_PROPERTY);
        if (own != null) {
            int endpointMax;
            try {
                endpointMax = own instanceof Number n ? n.intValue() : Integer.parseInt(own.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The user property " + WsServerContainer.MAX_SESSIONS_PROPERTY
                        + " of the endpoint at " + registration.config().getPath() + " is not a number: '" + own + "'", e);
            }
            if (registration.openSessions().size() >= endpointMax) {
                throw new Refusal(503, RETRY_LATER, "The endpoint at " + registration.config().getPath()
                        + " has its limit of " + endpointMax + " open sessions", null);
            }
        }
    }

    /** How errors name an endpoint's user properties. */
    private static String userProperty(ServerEndpointConfig config) {
        return "The user property of the endpoint at " + config.getPath() + ":";
    }

    /** The endpoint's own allow-list, from its user properties, or else the container's. */
    private AllowedOrigins allowedOrigins(ServerEndpointConfig config) {
        Object own = config.getUserProperties().get(WsServerContainer.ALLOWED_ORIGINS_PROPERTY);
        if (own == null) {
            return container.getAllowedOrigins();
        }
        try {
            if (own instanceof Collection<?> entries) {
                return AllowedOrigins.of(entries.stream().map(String::valueOf).toList());
            }
            return AllowedOrigins.parse(own.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The user property " + WsServerContainer.ALLOWED_ORIGINS_PROPERTY
                    + " of the endpoint at " + config.getPath() + ": " + e.getMessage(), e);
        }
    }

    HandshakeResult run(UpgradeRequest request, EndpointMatch match) {
        try {
            return accept(request, match);
        } catch (MalformedRequestException clientsMistake) {
            LOG.log(System.Logger.Level.DEBUG, () -> "WebSocket handshake for " + request.path() + " refused: "
                    + clientsMistake.getMessage());
            return HandshakeResult.reject(400, Map.of(), clientsMistake.getMessage());
        } catch (RuntimeException | LinkageError unexpected) {
            // Application objects (configs, extensions) can fail in places no step guards.
            FAILED.log(() -> "WebSocket handshake for " + request.path() + " failed", unexpected);
            return HandshakeResult.reject(500, Map.of(), "The WebSocket handshake failed: " + unexpected);
        } catch (Refusal r) {
            // A full server (503) is a figure for the operator to watch, not a log line per client.
            if (r.status >= 500 && r.status != 503) {
                FAILED.log(() -> "WebSocket handshake for " + request.path() + " failed: " + r.getMessage(),
                        r.getCause());
            }
            return HandshakeResult.reject(r.status, r.headers, r.getMessage());
        }
    }

    private HandshakeResult accept(UpgradeRequest request, EndpointMatch match) throws Refusal {
        if (container.isStopped()) {
            throw new Refusal(503, "The WebSocket container is stopped", null);
        }
        // One snapshot of the headers serves the checks and the configurator's HandshakeRequest:
        // asking the servlet container name by name scanned its header list seven more times.
        Map<String, List<String>> requestHeaders = WsHandshakeRequest.readOnlyCaseInsensitive(request.headerMap());
        UpgradeValidation.Refused oversized = ServerRequestValidator.checkHeaderSize(requestHeaders,
                container.getMaxHandshakeHeaderBytes(), container.getMaxHandshakeHeaders());
        if (oversized != null) {
            throw new Refusal(oversized.status(), oversized.headers(), oversized.message(), null);
        }
        UpgradeValidation validation = ServerRequestValidator.validate(request.method(), request.protocol(),
                name -> requestHeaders.getOrDefault(name, List.of()));
        if (validation instanceof UpgradeValidation.NotWebSocket) {
            Map<String, List<String>> headers = new LinkedHashMap<>(VERSION_HEADER);
            headers.put(HeaderNames.UPGRADE, List.of(HeaderNames.WEBSOCKET_TOKEN));
            headers.put(HeaderNames.CONNECTION, List.of(HeaderNames.UPGRADE_TOKEN));
            throw new Refusal(426, headers, "This resource is a WebSocket endpoint; the request asks for no "
                    + "'Upgrade: websocket'", null);
        }
        if (validation instanceof UpgradeValidation.Refused refused) {
            throw new Refusal(refused.status(), refused.headers(), refused.message(), null);
        }
        UpgradeValidation.Valid valid = (UpgradeValidation.Valid) validation;
        checkCapacity(match.registration());
        String query = request.queryString();
        if (query != null && RequestPath.percentDecode(query) == null) {
            // Checked here, not left to the container: Undertow decodes bad UTF-8 leniently where
            // Jetty and Tomcat throw, and the answer should be the same everywhere.
            throw new Refusal(400, "The query string is not percent-encoded UTF-8", null);
        }

        EndpointRegistration registration = match.registration();
        ServerEndpointConfig deployed = registration.config();
        ServerEndpointConfig.Configurator configurator = configuratorOf(deployed);

        if (!allowedOrigins(deployed).allows(valid.origin())) {
            throw new Refusal(403, "Origin '" + valid.origin() + "' is not in the allowed origins of this endpoint", null);
        }
        boolean originAccepted = call(() -> configurator.checkOrigin(valid.origin()), "checkOrigin");
        if (!originAccepted) {
            throw new Refusal(403, "Origin '" + valid.origin() + "' is not allowed for this endpoint", null);
        }

        List<String> supportedProtocols = deployed.getSubprotocols() == null ? List.of() : deployed.getSubprotocols();
        String subprotocol = call(() -> configurator.getNegotiatedSubprotocol(supportedProtocols,
                new ArrayList<>(valid.subprotocols())), "getNegotiatedSubprotocol");
        if (subprotocol == null) {
            subprotocol = "";
        }
        if (!subprotocol.isEmpty() && !valid.subprotocols().contains(subprotocol)) {
            throw new Refusal(500, "The configurator " + configurator.getClass().getName() + " chose subprotocol '"
                    + subprotocol + "', which the client did not request " + valid.subprotocols(), null);
        }

        List<Extension> installed = installedExtensions(deployed, container.getServerExtensions());
        List<Extension> agreed = call(() -> configurator.getNegotiatedExtensions(installed,
                new ArrayList<>(valid.extensions())), "getNegotiatedExtensions");
        NegotiatedExtensions negotiated = NegotiatedExtensions.settle(
                checkExtensions(agreed, installed, valid.extensions(), configurator), container.perMessageDeflate());
        List<Extension> extensions = negotiated.extensions();

        PerSessionConfig sessionConfig = new PerSessionConfig(deployed);
        RequestUri requestUri = RequestUri.parseLater(request.requestUri());
        WsHandshakeRequest handshakeRequest = new WsHandshakeRequest(request, requestHeaders, requestUri,
                match.pathParameters());
        WsHandshakeResponse handshakeResponse = new WsHandshakeResponse();
        Map<String, List<String>> proposed = handshakeResponse.getHeaders();
        proposed.put(HeaderNames.UPGRADE, new ArrayList<>(List.of(HeaderNames.WEBSOCKET_TOKEN)));
        proposed.put(HeaderNames.CONNECTION, new ArrayList<>(List.of(HeaderNames.UPGRADE_TOKEN)));
        proposed.put(HeaderNames.SEC_WEBSOCKET_ACCEPT, new ArrayList<>(List.of(valid.acceptKey())));
        if (!subprotocol.isEmpty()) {
            proposed.put(HeaderNames.SEC_WEBSOCKET_PROTOCOL, new ArrayList<>(List.of(subprotocol)));
        }
        if (!extensions.isEmpty()) {
            proposed.put(HeaderNames.SEC_WEBSOCKET_EXTENSIONS, new ArrayList<>(List.of(ExtensionHeader.format(extensions))));
        }
        call(() -> {
            configurator.modifyHandshake(sessionConfig, handshakeRequest, handshakeResponse);
            return null;
        }, "modifyHandshake");
        Map<String, List<String>> headers = finalHeaders(proposed, valid, extensions);
        String finalSubprotocol = subprotocolOnTheWire(headers, valid.subprotocols());

        Endpoint endpoint = endpointInstance(registration, configurator);

        SessionSpec spec = SessionSpec.builder()
                .container(container)
                .endpoint(endpoint)
                .config(sessionConfig)
                .client(false)
                .requestUri(requestUri)
                .pathParameters(match.pathParameters())
                .queryString(request.queryString())
                .requestParameterMap(handshakeRequest.queryParameters())
                .userPrincipal(request.userPrincipal())
                .secure(request.isSecure())
                .subprotocol(finalSubprotocol)
                .extensions(extensions)
                .deflate(negotiated.deflate())
                .maxIdleTimeoutMs(container.getDefaultMaxSessionIdleTimeout())
                .maxTextMessageBufferSize(container.getDefaultMaxTextMessageBufferSize())
                .maxBinaryMessageBufferSize(container.getDefaultMaxBinaryMessageBufferSize())
                .asyncSendTimeoutMs(container.getDefaultAsyncSendTimeout())
                .sendLimits(SettingProperties.sendLimits(deployed.getUserProperties()::get,
                        container.getSendLimits(), userProperty(deployed)))
                .peerLimits(SettingProperties.peerLimits(deployed.getUserProperties()::get,
                        container.getPeerLimits(), userProperty(deployed)))
                .bufferBudget(container.bufferBudget())
                .openSessions(registration.openSessions())
                .unopened(container.unopened())
                .scheduler(container.scheduler())
                .idleWheel(container.idleWheel())
                .executor(container.executor())
                .metrics(container.metrics().forPath(registration.config().getPath()))
                .build();
        WsSession session = new WsSession(spec);
        container.accepted(session);
        return HandshakeResult.accept(headers, session);
    }

    /**
     * What the configurator may choose from: the endpoint's configured extensions first (the TCK
     * checks that they lead the list), then the container's own, each name once.
     */
    static List<Extension> installedExtensions(ServerEndpointConfig config, List<Extension> containerExtensions) {
        List<Extension> installed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Extension> configured = config.getExtensions() == null ? List.of() : config.getExtensions();
        for (List<Extension> source : List.of(configured, containerExtensions)) {
            for (Extension e : source) {
                if (e != null && names.add(e.getName())) {
                    installed.add(e);
                }
            }
        }
        return installed;
    }

    static ServerEndpointConfig.Configurator configuratorOf(ServerEndpointConfig config) {
        ServerEndpointConfig.Configurator c = config.getConfigurator();
        return c != null ? c : DefaultConfigurator.INSTANCE;
    }

    /** Lazily created, for configurations whose getConfigurator() returns null. */
    private static final class DefaultConfigurator {
        static final ServerEndpointConfig.Configurator INSTANCE = new DefaultServerConfigurator();
    }

    /**
     * What the configurator agreed must be among the installed and the requested extensions: the
     * engine can only run what is installed, and the client only accepts what it offered.
     */
    private static List<Extension> checkExtensions(List<Extension> agreed, List<Extension> installed,
                                                   List<Extension> requested,
                                                   ServerEndpointConfig.Configurator configurator) throws Refusal {
        if (agreed == null || agreed.isEmpty()) {
            return List.of();
        }
        List<Extension> out = new ArrayList<>(agreed.size());
        for (Extension e : agreed) {
            String name = e.getName();
            boolean isInstalled = installed.stream().anyMatch(i -> i.getName().equals(name));
            boolean wasRequested = requested.stream().anyMatch(r -> r.getName().equals(name));
            if (!isInstalled || !wasRequested) {
                throw new Refusal(500, "The configurator " + configurator.getClass().getName() + " agreed to extension '"
                        + name + "', which is not " + (isInstalled ? "requested by the client" : "installed"), null);
            }
            out.add(WsExtension.of(e));
        }
        return List.copyOf(out);
    }

    /**
     * The headers of the 101: what modifyHandshake left, with the headers the protocol depends on
     * put back as negotiated (an application cannot unsay the accept key, or announce an
     * extension the engine does not run).
     */
    private static Map<String, List<String>> finalHeaders(Map<String, List<String>> proposed,
                                                          UpgradeValidation.Valid valid, List<Extension> extensions) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        proposed.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                headers.put(name, List.copyOf(values));
            }
        });
        replace(headers, HeaderNames.UPGRADE, List.of(HeaderNames.WEBSOCKET_TOKEN));
        replace(headers, HeaderNames.CONNECTION, List.of(HeaderNames.UPGRADE_TOKEN));
        replace(headers, HeaderNames.SEC_WEBSOCKET_ACCEPT, List.of(valid.acceptKey()));
        replace(headers, HeaderNames.SEC_WEBSOCKET_EXTENSIONS,
                extensions.isEmpty() ? null : List.of(ExtensionHeader.format(extensions)));
        return headers;
    }

    private static void replace(Map<String, List<String>> headers, String name, List<String> values) {
        headers.keySet().removeIf(name::equalsIgnoreCase);
        if (values != null) {
            headers.put(name, values);
        }
    }

    /** The subprotocol the 101 announces, which modifyHandshake may have changed or removed. */
    private static String subprotocolOnTheWire(Map<String, List<String>> headers, List<String> requested)
            throws Refusal {
        List<String> values = new ArrayList<>();
        headers.forEach((name, v) -> {
            if (name.equalsIgnoreCase(HeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
                values.addAll(v);
            }
        });
        List<String> protocols;
        try {
            protocols = SubprotocolHeader.parse(values);
        } catch (RuntimeException e) {
            throw new Refusal(500, "modifyHandshake left a malformed Sec-WebSocket-Protocol: " + values, e);
        }
        if (protocols.isEmpty()) {
            headers.keySet().removeIf(HeaderNames.SEC_WEBSOCKET_PROTOCOL::equalsIgnoreCase);
            return "";
        }
        if (protocols.size() > 1 || !requested.contains(protocols.get(0))) {
            throw new Refusal(500, "The response announces subprotocol " + protocols
                    + " but exactly one of the requested " + requested + " may be chosen", null);
        }
        replace(headers, HeaderNames.SEC_WEBSOCKET_PROTOCOL, List.of(protocols.get(0)));
        return protocols.get(0);
    }

    private static Endpoint endpointInstance(EndpointRegistration registration,
                                             ServerEndpointConfig.Configurator configurator) throws Refusal {
        Class<?> type = registration.config().getEndpointClass();
        Object instance = call(() -> configurator.getEndpointInstance(type), "getEndpointInstance");
        if (instance == null) {
            throw new Refusal(500, "getEndpointInstance of " + configurator.getClass().getName()
                    + " returned null for " + type.getName(), null);
        }
        if (registration.annotated()) {
            if (!registration.model().type().isInstance(instance)) {
                throw new Refusal(500, "getEndpointInstance returned a " + instance.getClass().getName()
                        + ", not a " + type.getName(), null);
            }
            return new AnnotatedEndpoint(registration.model(), instance);
        }
        if (!(instance instanceof Endpoint endpoint)) {
            throw new Refusal(500, "getEndpointInstance returned a " + instance.getClass().getName()
                    + ", which is not a jakarta.websocket.Endpoint", null);
        }
        return endpoint;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs application code; whatever it throws refuses the handshake with 500. */
    private static <T> T call(Step<T> step, String what) throws Refusal {
        try {
            return step.run();
        } catch (Exception | LinkageError e) {
            throw new Refusal(500, what + " failed: " + e, e);
        }
    }
}
