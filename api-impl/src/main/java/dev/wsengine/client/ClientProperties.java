package dev.wsengine.client;

/**
 * Keys of {@code ClientEndpointConfig.getUserProperties()} that tune one connection. Each can
 * also be set on the container with {@link WsClientContainer#setDefaultProperty}, which applies
 * to every connection that does not set it itself.
 */
public final class ClientProperties {

    /** A {@code javax.net.ssl.SSLContext} for {@code wss://}; default: {@code SSLContext.getDefault()}. */
    public static final String SSL_CONTEXT = "dev.wsengine.client.sslContext";

    /**
     * {@code Boolean}: check that the server's certificate names the host we connected to
     * (endpoint identification "HTTPS"); default {@code true}. Turn off only for tests.
     */
    public static final String HOSTNAME_VERIFICATION = "dev.wsengine.client.hostnameVerification";

    /** {@code Long} or {@code Integer} milliseconds for TCP connect, proxy, TLS and HTTP upgrade together; default 10,000. */
    public static final String CONNECT_TIMEOUT_MS = "dev.wsengine.client.connectTimeoutMs";

    /** A {@code java.net.InetSocketAddress} (or a {@code "host:port"} string) of an HTTP proxy reached with CONNECT; default none. */
    public static final String PROXY = "dev.wsengine.client.proxy";

    /** Default of {@link #CONNECT_TIMEOUT_MS}. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

    private ClientProperties() {
    }
}
