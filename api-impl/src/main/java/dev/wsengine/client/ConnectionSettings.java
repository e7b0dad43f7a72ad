package dev.wsengine.client;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The connect settings of one connection, read once from the endpoint's user properties, with
 * the container's defaults for what the endpoint does not set (see {@link ClientProperties}).
 */
record ConnectionSettings(SSLContext sslContext, boolean hostnameVerification, long connectTimeoutMs,
                          InetSocketAddress proxy) {

    static ConnectionSettings from(Map<String, Object> endpointProperties, Map<String, Object> defaults) {
        return new ConnectionSettings(
                (SSLContext) pick(ClientProperties.SSL_CONTEXT, endpointProperties, defaults),
                !Boolean.FALSE.equals(pick(ClientProperties.HOSTNAME_VERIFICATION, endpointProperties, defaults)),
                timeout(pick(ClientProperties.CONNECT_TIMEOUT_MS, endpointProperties, defaults)),
                proxy(pick(ClientProperties.PROXY, endpointProperties, defaults)));
    }

    private static Object pick(String key, Map<String, Object> first, Map<String, Object> second) {
        Object value = first.get(key);
        return value != null ? value : second.get(key);
    }

    private static long timeout(Object value) {
        if (value == null) {
            return ClientProperties.DEFAULT_CONNECT_TIMEOUT_MS;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(value.toString().trim());
    }

    private static InetSocketAddress proxy(Object value) {
        if (value == null || value instanceof InetSocketAddress) {
            return (InetSocketAddress) value;
        }
        String text = value.toString().trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(ClientProperties.PROXY + " must be host:port, got " + text);
        }
        return InetSocketAddress.createUnresolved(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
