package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a server-side opening handshake request against RFC 6455 section 4.2.1.
 *
 * <p>The dividing line between "not for us" and "broken": a request is a WebSocket request when
 * one of its {@code Upgrade} headers carries the {@code websocket} token. Without it the answer is
 * {@link UpgradeValidation.NotWebSocket} (pass it on). With it every other rule must hold, or the
 * answer is {@link UpgradeValidation.Refused}: 426 when {@code Sec-WebSocket-Version} is missing
 * or not 13, 400 for everything else (method other than GET, HTTP older than 1.1, no
 * {@code Upgrade} token in {@code Connection}, missing/repeated/ill-formed
 * {@code Sec-WebSocket-Key}, malformed {@code Sec-WebSocket-Protocol} or
 * {@code Sec-WebSocket-Extensions}). Every refusal carries {@code Sec-WebSocket-Version: 13}.
 */
public final class ServerRequestValidator {

    private static final Pattern HTTP_VERSION = Pattern.compile("HTTP/(\\d+)(?:\\.(\\d+))?");
    private static final Map<String, List<String>> VERSION_HEADER =
            Map.of(HeaderNames.SEC_WEBSOCKET_VERSION, List.of(HeaderNames.VERSION_13));

    private ServerRequestValidator() {
    }

    public static UpgradeValidation validate(String method, String protocol, HeaderLookup headers) {
        if (!HttpTokens.containsToken(headers.values(HeaderNames.UPGRADE), HeaderNames.WEBSOCKET_TOKEN)) {
            return new UpgradeValidation.NotWebSocket();
        }
        if (!"GET".equals(method)) {
            return badRequest("The WebSocket opening handshake must use GET, not " + method);
        }
        if (!isHttp11OrLater(protocol)) {
            return badRequest("The WebSocket opening handshake needs HTTP/1.1 or later, not " + protocol);
        }
        if (!HttpTokens.containsToken(headers.values(HeaderNames.CONNECTION), HeaderNames.UPGRADE_TOKEN)) {
            return badRequest("The Connection header does not contain the token 'Upgrade'");
        }
        List<String> versionLines = headers.values(HeaderNames.SEC_WEBSOCKET_VERSION);
        List<String> versions = isExactly13(versionLines) ? List.of(HeaderNames.VERSION_13) : HttpTokens.listElements(versionLines);
        if (!versions.equals(List.of(HeaderNames.VERSION_13))) {
            return new UpgradeValidation.Refused(426, VERSION_HEADER, versions.isEmpty()
                    ? "The Sec-WebSocket-Version header is missing; this server speaks version 13"
                    : "Unsupported Sec-WebSocket-Version " + versions + "; this server speaks version 13");
        }
        List<String> keys = headers.values(HeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1) {
            return badRequest(keys.isEmpty() ? "The Sec-WebSocket-Key header is missing"
                    : "The Sec-WebSocket-Key header appears " + keys.size() + " times");
        }
        String key = keys.get(0).strip();
        if (!AcceptKey.isWellFormed(key)) {
            return badRequest("The Sec-WebSocket-Key '" + key + "' is not the base64 encoding of 16 bytes");
        }
        List<String> subprotocols;
        List<Extension> extensions;
        try {
            subprotocols = SubprotocolHeader.parse(headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL));
            extensions = ExtensionHeader.parse(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS));
        } catch (HandshakeException e) {
            return badRequest(e.getMessage());
        }
        List<String> origins = headers.values(HeaderNames.ORIGIN);
        String origin = origins.isEmpty() ? null : origins.get(0);
        return new UpgradeValidation.Valid(key, origin, subprotocols, extensions);
    }

    /** What every client sends; the general parse below is for the rest. */
    private static boolean isExactly13(List<String> versionLines) {
        return versionLines.size() == 1 && HeaderNames.VERSION_13.equals(versionLines.get(0));
    }

    static boolean isHttp11OrLater(String protocol) {
        if (protocol == null) {
            return false;
        }
        if ("HTTP/1.1".equals(protocol)) {
            return true; // what nearly every request says: no need for the pattern
        }
        Matcher m = HTTP_VERSION.matcher(protocol.strip());
        if (!m.matches()) {
            return false;
        }
        try {
            int major = Integer.parseInt(m.group(1));
            int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return major > 1 || major == 1 && minor >= 1;
        } catch (NumberFormatException tooLong) {
            return false;
        }
    }

    /**
     * 431 (RFC 6585) for an upgrade request with more than {@code maxHeaders} header lines or more
     * than {@code maxBytes} of header names and values; null when it is within both. Counted from
     * what the container parsed, before any header is interpreted.
     */
    public static UpgradeValidation.Refused checkHeaderSize(Map<String, List<String>> headers, int maxBytes,
                                                            int maxHeaders) {
        long bytes = 0;
        int lines = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            int nameLength = header.getKey() == null ? 0 : header.getKey().length();
            for (String value : header.getValue()) {
                lines++;
                bytes += nameLength + (value == null ? 0 : value.length());
            }
        }
        if (lines > maxHeaders) {
            return new UpgradeValidation.Refused(431, Map.of(), "The upgrade request has " + lines
                    + " header lines, more than the " + maxHeaders + " allowed (maxHandshakeHeaders)");
        }
        if (bytes > maxBytes) {
            return new UpgradeValidation.Refused(431, Map.of(), "The upgrade request has " + bytes
                    + " bytes of headers, more than the " + maxBytes + " allowed (maxHandshakeHeaderBytes)");
        }
        return null;
    }

    private static UpgradeValidation.Refused badRequest(String message) {
        return new UpgradeValidation.Refused(400, VERSION_HEADER, message);
    }
}
