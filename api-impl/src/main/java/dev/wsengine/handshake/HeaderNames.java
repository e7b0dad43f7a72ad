package dev.wsengine.handshake;

/** Header names of the opening handshake, spelled as we put them on the wire. */
public final class HeaderNames {

    public static final String HOST = "Host";
    public static final String UPGRADE = "Upgrade";
    public static final String CONNECTION = "Connection";
    public static final String ORIGIN = "Origin";
    public static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    public static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    public static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    public static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    public static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The only protocol version we speak (RFC 6455). */
    public static final String VERSION_13 = "13";
    public static final String WEBSOCKET_TOKEN = "websocket";
    public static final String UPGRADE_TOKEN = "Upgrade";

    private HeaderNames() {
    }
}
