package dev.wsengine.client;

import jakarta.websocket.DeploymentException;

import java.net.URI;
import java.util.Locale;

/** Where a {@code ws://} or {@code wss://} URI points. {@code host} is as the URI spells it (IPv6 in brackets). */
record Target(URI uri, String host, int port, boolean secure) {

    static Target of(URI uri) throws DeploymentException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new DeploymentException("Not a WebSocket URI (ws:// or wss://): " + uri);
        }
        if (uri.getHost() == null) {
            throw new DeploymentException("WebSocket URI without a host: " + uri);
        }
        if (uri.getRawFragment() != null) {
            throw new DeploymentException("A WebSocket URI must not have a fragment: " + uri);
        }
        boolean secure = scheme.equals("wss");
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        return new Target(uri, uri.getHost(), port, secure);
    }

    /** The host without IPv6 brackets, for name lookup and TLS. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** host:port, as a proxy's CONNECT wants it. */
    String authority() {
        return host + ":" + port;
    }

    /** True for an IPv4 or IPv6 literal, which TLS's server name indication must not carry. */
    boolean isIpLiteral() {
        String bare = bareHost();
        return bare.contains(":") || bare.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
