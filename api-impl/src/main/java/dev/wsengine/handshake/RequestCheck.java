package dev.wsengine.handshake;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks an upgrade request against RFC 6455 section 4.2.1. Callers first decide whether the
 * request is a WebSocket request at all ({@link #asksForWebSocket}: an {@code Upgrade} header
 * naming websocket); one that is not goes on to the application untouched, one that is but is
 * broken gets the status this check throws.
 */
public final class RequestCheck {

    public static final String VERSION = "13";

    private RequestCheck() {
    }

    public static boolean asksForWebSocket(Function<String, List<String>> headers) {
        return ProtocolHeader.containsToken(headers.apply("Upgrade"), "websocket");
    }

    /**
     * @param headers every value of a header, by case-insensitive name
     * @return the request's {@code Sec-WebSocket-Key}
     * @throws HandshakeException 400 for a malformed request, 426 with {@code Sec-WebSocket-Version: 13}
     *                            for another version
     */
    public static String check(String method, String protocol, Function<String, List<String>> headers) {
        if (!"GET".equals(method)) {
            throw HandshakeException.badRequest("A WebSocket handshake must be a GET, not " + method);
        }
        if (!isHttp11OrLater(protocol)) {
            throw HandshakeException.badRequest("A WebSocket handshake needs HTTP/1.1 or later, not " + protocol);
        }
        if (!asksForWebSocket(headers)) {
            throw HandshakeException.badRequest("Missing 'Upgrade: websocket'");
        }
        if (!ProtocolHeader.containsToken(headers.apply("Connection"), "Upgrade")) {
            throw HandshakeException.badRequest("The Connection header lacks the Upgrade token");
        }
        List<String> versions = headers.apply("Sec-WebSocket-Version");
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            throw new HandshakeException(426, Map.of("Sec-WebSocket-Version", List.of(VERSION)),
                    "Unsupported Sec-WebSocket-Version " + versions + "; this server speaks version 13");
        }
        List<String> keys = headers.apply("Sec-WebSocket-Key");
        if (keys.size() != 1 || !AcceptKey.isWellFormed(keys.get(0))) {
            throw HandshakeException.badRequest("Sec-WebSocket-Key must appear once and decode to 16 bytes, got " + keys);
        }
        return keys.get(0).trim();
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String version = protocol.substring(5);
        int dot = version.indexOf('.');
        try {
            int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            int minor = dot < 0 ? 0 : Integer.parseInt(version.substring(dot + 1));
            return major > 1 || (major == 1 && minor >= 1);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
