package dev.wsengine.client;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The connect settings of one connection, read once from the endpoint's user properties, with
 * the container's defaults for what the endpoint does not set (see {@link ClientProperties}).
 *
 * @param proxy what {@link ClientProperties#PROXY} says: null when unset (ask the JVM's
 *              {@code ProxySelector}), {@link Proxy#NO_PROXY} for a direct connection, else the proxy
 */
record ConnectionSettings(SSLContext sslContext, boolean hostnameVerification, long connectTimeoutMs,
                          Proxy proxy, String proxyAuthorization) {

    static ConnectionSettings from(Map<String, Object> endpointProperties, Map<String, Object> defaults) {
        Object context = pick(ClientProperties.SSL_CONTEXT, endpointProperties, defaults);
        if (context != null && !(context instanceof SSLContext)) {
            throw new IllegalArgumentException(ClientProperties.SSL_CONTEXT + " must be a javax.net.ssl.SSLContext, got "
                    + context.getClass().getName());
        }
        Object authorization = pick(ClientProperties.PROXY_AUTHORIZATION, endpointProperties, defaults);
        return new ConnectionSettings(
                (SSLContext) context,
                flag(pick(ClientProperties.HOSTNAME_VERIFICATION, endpointProperties, defaults)),
                timeout(pick(ClientProperties.CONNECT_TIMEOUT_MS, endpointProperties, defaults)),
                proxy(pick(ClientProperties.PROXY, endpointProperties, defaults)),
                authorization == null ? null : authorization.toString());
    }

    /**
     * The HTTP proxy to reach {@code target} through, or null to connect directly. Without
     * {@link ClientProperties#PROXY}, the JVM's {@code ProxySelector} decides (the standard
     * {@code https.proxyHost} / {@code http.proxyHost} system properties).
     */
    InetSocketAddress proxyFor(Target target) {
        Proxy chosen = proxy;
        if (chosen == null) {
            chosen = fromSelector(target);
        }
        if (chosen == null || chosen.type() != Proxy.Type.HTTP) {
            return null;
        }
        SocketAddress address = chosen.address();
        if (!(address instanceof InetSocketAddress inet)) {
            return null;
        }
        // Given as host:port, the proxy's name is looked up when it is used, not when it is configured.
        return inet.isUnresolved() ? new InetSocketAddress(inet.getHostString(), inet.getPort()) : inet;
    }

    private static Proxy fromSelector(Target target) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return null;
        }
        // A WebSocket is proxied as the HTTP request it starts as.
        URI asHttp = URI.create((target.secure() ? "https://" : "http://") + target.authority());
        List<Proxy> proxies = selector.select(asHttp);
        return proxies == null ? null : proxies.stream().filter(p -> p.type() == Proxy.Type.HTTP).findFirst().orElse(null);
    }

    private static Object pick(String key, Map<String, Object> first, Map<String, Object> second) {
        Object value = first.get(key);
        return value != null ? value : second.get(key);
    }

    private static boolean flag(Object value) {
        if (value == null || value instanceof Boolean) {
            return !Boolean.FALSE.equals(value);
        }
        return !"false".equalsIgnoreCase(value.toString().trim());
    }

    private static long timeout(Object value) {
        if (value == null) {
            return ClientProperties.DEFAULT_CONNECT_TIMEOUT_MS;
        }
        long ms = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        if (ms <= 0) {
            throw new IllegalArgumentException(ClientProperties.CONNECT_TIMEOUT_MS + " must be positive, got " + ms);
        }
        return ms;
    }

    private static Proxy proxy(Object value) {
        if (value == null || value instanceof Proxy) {
            return (Proxy) value;
        }
        if (value instanceof InetSocketAddress address) {
            return new Proxy(Proxy.Type.HTTP, address);
        }
        String text = value.toString().trim();
        if (text.isEmpty() || text.equalsIgnoreCase("none") || text.equalsIgnoreCase("direct")) {
            return Proxy.NO_PROXY;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(ClientProperties.PROXY + " must be host:port, got " + text);
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(text.substring(0, colon), port));
    }
}
