package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The client half of the opening handshake (RFC 6455 sections 4.1 and 4.2.2): building the request
 * and checking the server's answer. Typical use:
 * <pre>
 * String key = AcceptKey.newClientKey();
 * Map&lt;String, List&lt;String&gt;&gt; headers = ClientHandshake.requestHeaders(uri, key, protocols, extensions);
 * configurator.beforeRequest(headers);                       // the application may edit them
 * String request = ClientHandshake.formatRequest(uri, headers); // write as US-ASCII
 * ... read status line and headers ...
 * ClientHandshake.Accepted a = ClientHandshake.validateResponse(status, HeaderLookup.of(respHeaders),
 *         key, protocols, extensions);
 * </pre>
 */
public final class ClientHandshake {

    private ClientHandshake() {
    }

    /** What the server agreed to. {@code subprotocol} is empty when none was selected. */
    public record Accepted(String subprotocol, List<Extension> extensions) {
        public Accepted {
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * The request headers for connecting to {@code uri}, in a mutable map whose keys are matched
     * case-insensitively: Host, Upgrade, Connection, Sec-WebSocket-Key, Sec-WebSocket-Version, and
     * Sec-WebSocket-Protocol / Sec-WebSocket-Extensions when anything is offered.
     */
    public static Map<String, List<String>> requestHeaders(URI uri, String key, List<String> protocols,
                                                           List<? extends Extension> extensions) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(HeaderNames.HOST, new ArrayList<>(List.of(hostHeader(uri))));
        headers.put(HeaderNames.UPGRADE, new ArrayList<>(List.of(HeaderNames.WEBSOCKET_TOKEN)));
        headers.put(HeaderNames.CONNECTION, new ArrayList<>(List.of(HeaderNames.UPGRADE_TOKEN)));
        headers.put(HeaderNames.SEC_WEBSOCKET_KEY, new ArrayList<>(List.of(key)));
        headers.put(HeaderNames.SEC_WEBSOCKET_VERSION, new ArrayList<>(List.of(HeaderNames.VERSION_13)));
        if (protocols != null && !protocols.isEmpty()) {
            headers.put(HeaderNames.SEC_WEBSOCKET_PROTOCOL, new ArrayList<>(List.of(SubprotocolHeader.format(protocols))));
        }
        if (extensions != null && !extensions.isEmpty()) {
            headers.put(HeaderNames.SEC_WEBSOCKET_EXTENSIONS, new ArrayList<>(List.of(ExtensionHeader.format(extensions))));
        }
        return headers;
    }

    /**
     * As {@link #requestHeaders(URI, String, List, List)}, then {@code extraHeaders} on top: a name
     * already present is replaced by the extra header's values.
     */
    public static Map<String, List<String>> requestHeaders(URI uri, String key, List<String> protocols,
                                                           List<? extends Extension> extensions,
                                                           Map<String, List<String>> extraHeaders) {
        Map<String, List<String>> headers = requestHeaders(uri, key, protocols, extensions);
        extraHeaders.forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return headers;
    }

    /**
     * The complete request head: request line, one line per header value (Host first), blank line.
     * Send it as US-ASCII.
     *
     * @throws IllegalArgumentException when a header name is not a token or a value contains CR, LF
     *                                  or NUL (header injection)
     */
    public static String formatRequest(URI uri, Map<String, List<String>> headers) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(requestTarget(uri)).append(" HTTP/1.1\r\n");
        List<String> host = HeaderLookup.of(headers).values(HeaderNames.HOST);
        appendHeader(sb, HeaderNames.HOST, host.isEmpty() ? List.of(hostHeader(uri)) : host);
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (!e.getKey().equalsIgnoreCase(HeaderNames.HOST)) {
                appendHeader(sb, e.getKey(), e.getValue());
            }
        }
        return sb.append("\r\n").toString();
    }

    /** The request target: raw path ("/" when empty) and raw query. */
    public static String requestTarget(URI uri) {
        checkScheme(uri);
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("A WebSocket URI must not have a fragment: " + uri);
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The Host header value: host, plus ":port" when the port is not the scheme's default. */
    public static String hostHeader(URI uri) {
        int defaultPort = checkScheme(uri);
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("A WebSocket URI needs a host: " + uri);
        }
        int port = uri.getPort();
        return port == -1 || port == defaultPort ? host : host + ":" + port;
    }

    /**
     * Checks the server's response to our request against RFC 6455 section 4.2.2 / 4.1.
     *
     * @param status             the HTTP status the server sent
     * @param headers            the response headers
     * @param key                the Sec-WebSocket-Key we sent
     * @param offeredProtocols   the subprotocols we offered (may be empty)
     * @param offeredExtensions  the extensions we offered (may be empty)
     * @throws HandshakeFailedException carrying the server's status when the answer is not a valid 101
     */
    public static Accepted validateResponse(int status, HeaderLookup headers, String key, List<String> offeredProtocols,
                                            List<? extends Extension> offeredExtensions) throws HandshakeFailedException {
        if (status != 101) {
            throw new HandshakeFailedException(status,
                    "The server answered the WebSocket handshake with HTTP status " + status + " instead of 101");
        }
        if (!HttpTokens.containsToken(headers.values(HeaderNames.UPGRADE), HeaderNames.WEBSOCKET_TOKEN)) {
            throw new HandshakeFailedException(status, "The response's Upgrade header does not contain 'websocket': "
                    + headers.values(HeaderNames.UPGRADE));
        }
        if (!HttpTokens.containsToken(headers.values(HeaderNames.CONNECTION), HeaderNames.UPGRADE_TOKEN)) {
            throw new HandshakeFailedException(status, "The response's Connection header does not contain 'Upgrade': "
                    + headers.values(HeaderNames.CONNECTION));
        }
        List<String> accepts = headers.values(HeaderNames.SEC_WEBSOCKET_ACCEPT);
        String expected = AcceptKey.forKey(key);
        if (accepts.size() != 1 || !expected.equals(accepts.get(0).strip())) {
            throw new HandshakeFailedException(status, "The response's Sec-WebSocket-Accept " + accepts
                    + " does not match the expected '" + expected + "'");
        }
        return new Accepted(agreedSubprotocol(status, headers, offeredProtocols),
                agreedExtensions(status, headers, offeredExtensions));
    }

    private static String agreedSubprotocol(int status, HeaderLookup headers, List<String> offered)
            throws HandshakeFailedException {
        List<String> chosen;
        try {
            chosen = SubprotocolHeader.parse(headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL));
        } catch (HandshakeException e) {
            throw new HandshakeFailedException(status, e.getMessage(), e);
        }
        if (chosen.isEmpty()) {
            return "";
        }
        if (chosen.size() > 1) {
            throw new HandshakeFailedException(status, "The server selected more than one subprotocol: " + chosen);
        }
        String protocol = chosen.get(0);
        if (offered == null || !offered.contains(protocol)) {
            throw new HandshakeFailedException(status, "The server selected subprotocol '" + protocol
                    + "' which was not offered " + (offered == null ? List.of() : offered));
        }
        return protocol;
    }

    private static List<Extension> agreedExtensions(int status, HeaderLookup headers,
                                                    List<? extends Extension> offered) throws HandshakeFailedException {
        List<Extension> chosen;
        try {
            chosen = ExtensionHeader.parse(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        } catch (HandshakeException e) {
            throw new HandshakeFailedException(status, e.getMessage(), e);
        }
        Set<String> offeredNames = new HashSet<>();
        if (offered != null) {
            offered.forEach(e -> offeredNames.add(e.getName()));
        }
        for (Extension e : chosen) {
            if (!offeredNames.contains(e.getName())) {
                throw new HandshakeFailedException(status, "The server selected extension '" + e.getName()
                        + "' which was not offered " + offeredNames);
            }
        }
        return chosen;
    }

    private static int checkScheme(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "ws", "http" -> 80;
            case "wss", "https" -> 443;
            default -> throw new IllegalArgumentException("A WebSocket URI needs scheme ws or wss: " + uri);
        };
    }

    private static void appendHeader(StringBuilder sb, String name, List<String> values) {
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("Header name is not a token: '" + name + "'");
        }
        if (values == null) {
            return;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("Header " + name + " value contains CR, LF or NUL");
            }
            sb.append(name).append(": ").append(value).append("\r\n");
        }
    }
}
