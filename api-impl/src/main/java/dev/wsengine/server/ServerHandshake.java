package dev.wsengine.server;

import dev.wsengine.endpoint.AnnotatedEndpoint;
import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.handshake.ExtensionHeader;
import dev.wsengine.handshake.HandshakeException;
import dev.wsengine.handshake.ProtocolHeader;
import dev.wsengine.handshake.RequestCheck;
import dev.wsengine.session.SessionSpec;
import dev.wsengine.session.WsSession;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of the opening handshake, every step in the specification's order: validate
 * the request, check the origin, agree on a subprotocol and extensions, let the configurator
 * modify the handshake, get the endpoint instance, and only then answer 101.
 */
final class ServerHandshake {

    private final WsServerContainer container;

    ServerHandshake(WsServerContainer container) {
        this.container = container;
    }

    HandshakeResult run(UpgradeRequest request, EndpointMatch match) {
        if (container.isStopped()) {
            return HandshakeResult.reject(503, Map.of(), "The WebSocket container is stopping");
        }
        String key;
        List<String> requestedProtocols;
        List<Extension> requestedExtensions;
        try {
            key = RequestCheck.check(request.method(), request.protocol(), request::headers);
            requestedProtocols = ProtocolHeader.parse(request.headers("Sec-WebSocket-Protocol"));
            requestedExtensions = ExtensionHeader.parse(request.headers("Sec-WebSocket-Extensions"));
        } catch (HandshakeException e) {
            return HandshakeResult.reject(e.status(), e.headers(), e.getMessage());
        }
        ServerEndpointConfig shared = match.registration().config();
        ServerEndpointConfig.Configurator configurator = shared.getConfigurator();
        List<String> origins = request.headers("Origin");
        if (!configurator.checkOrigin(origins.isEmpty() ? null : origins.get(0))) {
            return HandshakeResult.reject(403, Map.of(), "Origin " + origins + " refused");
        }
        String subprotocol = requestedProtocols.isEmpty() ? ""
                : configurator.getNegotiatedSubprotocol(shared.getSubprotocols(), requestedProtocols);
        List<Extension> extensions = requestedExtensions.isEmpty() ? List.of()
                : configurator.getNegotiatedExtensions(List.copyOf(container.getInstalledExtensions()), requestedExtensions);
        ServerEndpointConfig config = new PerSessionConfig(shared);
        Map<String, List<String>> extraHeaders = new LinkedHashMap<>();
        Endpoint endpoint;
        try {
            configurator.modifyHandshake(config, HandshakeViews.request(request), HandshakeViews.response(extraHeaders));
            endpoint = endpointFor(match.registration(), configurator.getEndpointInstance(shared.getEndpointClass()));
        } catch (Exception e) {
            return HandshakeResult.reject(500, Map.of(), "Endpoint " + shared.getEndpointClass().getName()
                    + " could not be set up: " + e);
        }

        Map<String, List<String>> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Accept", List.of(AcceptKey.forKey(key)));
        if (subprotocol != null && !subprotocol.isEmpty()) {
            headers.put("Sec-WebSocket-Protocol", List.of(subprotocol));
        }
        if (!extensions.isEmpty()) {
            headers.put("Sec-WebSocket-Extensions", List.of(ExtensionHeader.format(extensions)));
        }
        WsSession session = new WsSession(SessionSpec.builder()
                .container(container)
                .endpoint(endpoint)
                .config(config)
                .client(false)
                .requestUri(request.requestUri())
                .pathParameters(match.pathParameters())
                .queryString(request.queryString())
                .requestParameterMap(request.parameterMap())
                .userPrincipal(request.userPrincipal())
                .secure(request.isSecure())
                .subprotocol(subprotocol)
                .extensions(extensions)
                .maxIdleTimeoutMs(container.getDefaultMaxSessionIdleTimeout())
                .maxTextMessageBufferSize(container.getDefaultMaxTextMessageBufferSize())
                .maxBinaryMessageBufferSize(container.getDefaultMaxBinaryMessageBufferSize())
                .asyncSendTimeoutMs(container.getDefaultAsyncSendTimeout())
                .openSessions(match.registration().openSessions())
                .scheduler(container.scheduler())
                .executor(container.executor())
                .build());
        container.accepted(session);
        return HandshakeResult.accept(headers, session);
    }

    private static Endpoint endpointFor(EndpointRegistration registration, Object instance) {
        if (instance instanceof Endpoint endpoint) {
            return endpoint;
        }
        return new AnnotatedEndpoint(registration.model(), instance);
    }
}
