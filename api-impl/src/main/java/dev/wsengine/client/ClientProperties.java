package dev.wsengine.client;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.settings.PeerLimits;
import dev.wsengine.settings.SettingProperties;

/**
 * Keys of {@code ClientEndpointConfig.getUserProperties()} that tune how one connection is made.
 * Each can also be set for every connection of a container with
 * {@link WsClientContainer#setDefaultProperty}; a value in the endpoint's properties wins.
 *
 * <pre>
 * ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
 * config.getUserProperties().put(ClientProperties.SSL_CONTEXT, mySslContext);
 * config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT_MS, 3_000L);
 * container.connectToServer(endpoint, config, URI.create("wss://example.com/chat"));
 * </pre>
 */
public final class ClientProperties {

    /**
     * A {@code javax.net.ssl.SSLContext} for {@code wss://}. Default: {@code SSLContext.getDefault()}
     * (the JVM's trust store).
     */
    public static final String SSL_CONTEXT = "dev.wsengine.client.sslContext";

    /**
     * {@code Boolean} (or the string {@code "false"}): whether the server's certificate must name
     * the host of the URI (endpoint identification algorithm {@code HTTPS}). Default {@code true}.
     * Server name indication is sent either way for a host name. Turn off only for tests.
     */
    public static final String HOSTNAME_VERIFICATION = "dev.wsengine.client.hostnameVerification";

    /**
     * {@code Long}/{@code Integer} (or a numeric string) of milliseconds, positive: how long the
     * whole connect phase may take, TCP connect, proxy tunnel, TLS handshake and HTTP upgrade
     * together. Default {@link #DEFAULT_CONNECT_TIMEOUT_MS}. Name lookup is not covered.
     */
    public static final String CONNECT_TIMEOUT_MS = "dev.wsengine.client.connectTimeoutMs";

    /**
     * The HTTP proxy to tunnel through with {@code CONNECT}: a {@code java.net.Proxy} of type HTTP,
     * a {@code java.net.InetSocketAddress}, or a {@code "host:port"} string; {@code "none"} (or
     * {@code Proxy.NO_PROXY}) for a direct connection. Default: what the JVM's
     * {@code ProxySelector} picks for the {@code http://} / {@code https://} form of the URI,
     * which is a direct connection unless {@code http.proxyHost} / {@code https.proxyHost} are set.
     */
    public static final String PROXY = "dev.wsengine.client.proxy";

    /**
     * A string sent as the {@code Proxy-Authorization} header of the {@code CONNECT} request, such
     * as {@code "Basic dXNlcjpwYXNz"}. Default: none.
     */
    public static final String PROXY_AUTHORIZATION = "dev.wsengine.client.proxyAuthorization";

    /**
     * The limits of {@code SendLimits} and {@code PeerLimits}, under the names the server uses
     * ({@link dev.wsengine.settings.SettingProperties}): numbers, or strings of digits. With
     * {@link #KEEP_ALIVE_INTERVAL_MS} the client pings a silent server; defaults as on the server.
     */
    public static final String KEEP_ALIVE_INTERVAL_MS = SettingProperties.KEEP_ALIVE_INTERVAL_MS;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String KEEP_ALIVE_TIMEOUT_MS = SettingProperties.KEEP_ALIVE_TIMEOUT_MS;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String MAX_FRAGMENTS_PER_MESSAGE = SettingProperties.MAX_FRAGMENTS_PER_MESSAGE;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String MAX_INFLATION_RATIO = SettingProperties.MAX_INFLATION_RATIO;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String SEND_QUEUE_HIGH_WATER_BYTES = SettingProperties.SEND_QUEUE_HIGH_WATER_BYTES;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String SEND_QUEUE_LOW_WATER_BYTES = SettingProperties.SEND_QUEUE_LOW_WATER_BYTES;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String SEND_QUEUE_MAX_BYTES = SettingProperties.SEND_QUEUE_MAX_BYTES;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String SEND_QUEUE_MAX_FRAMES = SettingProperties.SEND_QUEUE_MAX_FRAMES;
    /** See {@link #KEEP_ALIVE_INTERVAL_MS}. */
    public static final String SEND_WRITE_TIMEOUT_MS = SettingProperties.SEND_WRITE_TIMEOUT_MS;

    /** Default of {@link #CONNECT_TIMEOUT_MS}: 10 seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

    private ClientProperties() {
    }
}
