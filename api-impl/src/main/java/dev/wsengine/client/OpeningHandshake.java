package dev.wsengine.client;

import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.handshake.ExtensionHeader;
import dev.wsengine.handshake.ProtocolHeader;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's HTTP upgrade exchange (RFC 6455 section 4.1) over a connected wire: the request
 * (with exactly the subprotocols and extensions the application configured, then whatever its
 * configurator's {@code beforeRequest} makes of the headers), the response head, the
 * configurator's {@code afterResponse} (for every answer, a refusal too), and the checks on the
 * answer. Bytes that arrived behind the response head are the first WebSocket bytes.
 */
final class OpeningHandshake {

    /** What the server agreed to, and the first WebSocket bytes. */
    record Agreed(String subprotocol, List<Extension> extensions, ByteBuffer leftover) {
    }

    private static final String PROTOCOL = "Sec-WebSocket-Protocol";
    private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

    private OpeningHandshake() {
    }

    static Agreed perform(Wire wire, Target target, ClientEndpointConfig config, Deadline deadline)
            throws IOException, DeploymentException {
        String key = AcceptKey.newClientKey();
        Map<String, List<String>> headers = requestHeaders(target, key, config);
        try {
            config.getConfigurator().beforeRequest(headers);
        } catch (RuntimeException e) {
            throw new DeploymentException("The configurator's beforeRequest failed for " + target.uri() + ": " + e, e);
        }
        String request;
        Offer offer;
        try {
            request = formatRequest(target, headers);
            offer = Offer.of(headers);
        } catch (RuntimeException e) {
            throw new DeploymentException("Cannot send the handshake to " + target.uri() + ": " + e.getMessage(), e);
        }
        ClientConnector.writeFully(wire, request, deadline);

        ResponseHead response = ResponseHead.read(wire, deadline);
        RuntimeException configuratorFailure = null;
        try {
            HandshakeResponse view = response::headersView;
            config.getConfigurator().afterResponse(view);
        } catch (RuntimeException e) {
            configuratorFailure = e;
        }
        if (response.status != 101) {
            UpgradeFailedException refused = new UpgradeFailedException(response.status, response.headersView(),
                    refusalMessage(target, response), null);
            if (configuratorFailure != null) {
                refused.addSuppressed(configuratorFailure);
            }
            throw refused;
        }
        if (configuratorFailure != null) {
            throw new DeploymentException("The configurator's afterResponse failed for " + target.uri() + ": "
                    + configuratorFailure, configuratorFailure);
        }
        return check(target, response, key, offer);
    }

    /** The request headers before the configurator sees them; its map matches names case-insensitively. */
    private static Map<String, List<String>> requestHeaders(Target target, String key, ClientEndpointConfig config) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Host", new ArrayList<>(List.of(target.hostHeader())));
        headers.put("Upgrade", new ArrayList<>(List.of("websocket")));
        headers.put("Connection", new ArrayList<>(List.of("Upgrade")));
        headers.put("Sec-WebSocket-Key", new ArrayList<>(List.of(key)));
        headers.put("Sec-WebSocket-Version", new ArrayList<>(List.of("13")));
        if (!config.getPreferredSubprotocols().isEmpty()) {
            headers.put(PROTOCOL, new ArrayList<>(List.of(String.join(", ", config.getPreferredSubprotocols()))));
        }
        if (!config.getExtensions().isEmpty()) {
            headers.put(EXTENSIONS, new ArrayList<>(List.of(ExtensionHeader.format(config.getExtensions()))));
        }
        return headers;
    }

    /** @throws IllegalArgumentException for a header name that is not a token or a value with CR, LF or NUL */
    private static String formatRequest(Target target, Map<String, List<String>> headers) {
        StringBuilder request = new StringBuilder(256).append("GET ").append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        List<String> host = headers.get("Host");
        appendHeader(request, "Host", host == null || host.isEmpty() ? List.of(target.hostHeader()) : host);
        headers.forEach((name, values) -> {
            if (!"Host".equalsIgnoreCase(name)) {
                appendHeader(request, name, values);
            }
        });
        return request.append("\r\n").toString();
    }

    private static void appendHeader(StringBuilder request, String name, List<String> values) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(OpeningHandshake::isTokenChar)) {
            throw new IllegalArgumentException("Header name is not an HTTP token: '" + name + "'");
        }
        if (values == null) {
            return;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("The value of header " + name + " contains CR, LF or NUL");
            }
            request.append(name).append(": ").append(value).append("\r\n");
        }
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static String refusalMessage(Target target, ResponseHead response) {
        StringBuilder message = new StringBuilder("The server at ").append(target.uri())
                .append(" refused the WebSocket handshake: HTTP status ").append(response.status);
        if (!response.reason.isEmpty()) {
            message.append(' ').append(response.reason);
        }
        List<String> location = response.values("Location");
        if (response.status / 100 == 3 && !location.isEmpty()) {
            message.append(" (redirect to ").append(location.get(0)).append(", which is not followed)");
        }
        return message.toString();
    }

    /**
     * Checks a 101 against what was actually sent: the configurator may have changed the offered
     * subprotocols or extensions, and the server can only agree to what it was offered.
     */
    private static Agreed check(Target target, ResponseHead response, String key, Offer offer)
            throws UpgradeFailedException {
        try {
            if (!ProtocolHeader.containsToken(response.values("Upgrade"), "websocket")) {
                throw invalid(target, response, "no 'Upgrade: websocket' (got " + response.values("Upgrade") + ")");
            }
            if (!ProtocolHeader.containsToken(response.values("Connection"), "upgrade")) {
                throw invalid(target, response, "no 'Connection: Upgrade' (got " + response.values("Connection") + ")");
            }
            List<String> accept = response.values("Sec-WebSocket-Accept");
            String expected = AcceptKey.forKey(key);
            if (accept.size() != 1 || !expected.equals(accept.get(0).trim())) {
                throw invalid(target, response, "wrong Sec-WebSocket-Accept " + accept + ", expected " + expected);
            }
            List<String> offeredProtocols = offer.protocols();
            List<String> chosen = ProtocolHeader.parse(response.values(PROTOCOL));
            if (chosen.size() > 1) {
                throw invalid(target, response, "more than one subprotocol selected: " + chosen);
            }
            if (chosen.size() == 1 && !offeredProtocols.contains(chosen.get(0))) {
                throw invalid(target, response, "subprotocol '" + chosen.get(0) + "' selected, which the client did "
                        + "not offer (offered: " + offeredProtocols + ")");
            }
            List<String> offeredExtensions = offer.extensionNames();
            List<Extension> agreed = ExtensionHeader.parse(response.values(EXTENSIONS));
            for (Extension extension : agreed) {
                if (!offeredExtensions.contains(extension.getName())) {
                    throw invalid(target, response, "extension '" + extension.getName() + "' agreed, which the "
                            + "client did not offer (offered: " + offeredExtensions + ")");
                }
                if (extension.getName().equals("permessage-deflate")) {
                    // Agreed, it would compress frames the session cannot yet inflate: fail now, clearly.
                    throw invalid(target, response, "permessage-deflate agreed, but this client's sessions cannot "
                            + "apply it yet; do not offer it");
                }
            }
            return new Agreed(chosen.isEmpty() ? "" : chosen.get(0), agreed, response.leftover);
        } catch (RuntimeException malformed) {
            throw new UpgradeFailedException(101, response.headersView(), "The server at " + target.uri()
                    + " sent a malformed 101 response: " + malformed.getMessage(), malformed);
        }
    }

    /** What the request finally offered, after the configurator had its say. */
    private record Offer(List<String> protocols, List<String> extensionNames) {

        /** @throws RuntimeException when the configurator left a header that does not parse */
        static Offer of(Map<String, List<String>> sent) {
            try {
                return new Offer(ProtocolHeader.parse(valuesOf(sent, PROTOCOL)),
                        ExtensionHeader.parse(valuesOf(sent, EXTENSIONS)).stream().map(Extension::getName).toList());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the request's own " + PROTOCOL + " or " + EXTENSIONS
                        + " header is malformed: " + e.getMessage(), e);
            }
        }
    }

    private static List<String> valuesOf(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            return List.of();
        }
        List<String> present = new ArrayList<>(values);
        present.removeIf(v -> v == null);
        return Collections.unmodifiableList(present);
    }

    private static UpgradeFailedException invalid(Target target, ResponseHead response, String what) {
        return new UpgradeFailedException(101, response.headersView(),
                "The server at " + target.uri() + " answered HTTP status 101 but its handshake is invalid: " + what, null);
    }
}
