package dev.wsengine.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerRequestValidatorTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** Header lines "Name: value"; a name may repeat. Lookup is case-insensitive, as servlet containers do. */
    private static HeaderLookup headers(String... lines) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            map.computeIfAbsent(line.substring(0, colon).toLowerCase(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return name -> map.getOrDefault(name.toLowerCase(), List.of());
    }

    private static String[] validHeadersWithout(String omitted, String... extra) {
        List<String> lines = new ArrayList<>();
        for (String line : List.of("Host: example.com", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13")) {
            if (omitted == null || !line.startsWith(omitted + ":")) {
                lines.add(line);
            }
        }
        lines.addAll(List.of(extra));
        return lines.toArray(String[]::new);
    }

    @Test
    void acceptsTheRfcSampleRequest() {
        UpgradeValidation v = ServerRequestValidator.validate("GET", "HTTP/1.1", headers(validHeadersWithout(null,
                "Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat",
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")));
        UpgradeValidation.Valid valid = assertInstanceOf(UpgradeValidation.Valid.class, v);
        assertEquals(KEY, valid.key());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", valid.acceptKey());
        assertEquals("http://example.com", valid.origin());
        assertEquals(List.of("chat", "superchat"), valid.subprotocols());
        assertEquals(List.of(new WsExtension("permessage-deflate",
                List.of(new WsExtension.Param("client_max_window_bits", null)))), valid.extensions());
    }

    @Test
    void originIsNullWhenAbsent() {
        UpgradeValidation v = ServerRequestValidator.validate("GET", "HTTP/1.1", headers(validHeadersWithout(null)));
        assertNull(assertInstanceOf(UpgradeValidation.Valid.class, v).origin());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // accepted variations
                Arguments.of("tokens among others, odd case", "GET", "HTTP/1.1", new String[]{
                        "Upgrade: h2c, WebSocket", "Connection: keep-alive, upgrade",
                        "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"}, 101),
                Arguments.of("tokens on repeated header lines", "GET", "HTTP/1.1", new String[]{
                        "Upgrade: foo", "Upgrade: websocket", "Connection: keep-alive", "Connection: Upgrade",
                        "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"}, 101),
                Arguments.of("HTTP/2.0 counts as later", "GET", "HTTP/2.0", validHeadersWithout(null), 101),
                Arguments.of("HTTP/1.2", "GET", "HTTP/1.2", validHeadersWithout(null), 101),
                // not a WebSocket request at all: pass it on
                Arguments.of("plain GET", "GET", "HTTP/1.1", new String[]{"Host: example.com"}, 0),
                Arguments.of("no Upgrade header", "GET", "HTTP/1.1", validHeadersWithout("Upgrade"), 0),
                Arguments.of("upgrade to something else", "GET", "HTTP/1.1", new String[]{
                        "Upgrade: h2c", "Connection: Upgrade, HTTP2-Settings"}, 0),
                Arguments.of("POST without websocket", "POST", "HTTP/1.1", new String[]{"Host: a"}, 0),
                // a broken WebSocket request: 400
                Arguments.of("POST", "POST", "HTTP/1.1", validHeadersWithout(null), 400),
                Arguments.of("lower-case method", "get", "HTTP/1.1", validHeadersWithout(null), 400),
                Arguments.of("HTTP/1.0", "GET", "HTTP/1.0", validHeadersWithout(null), 400),
                Arguments.of("garbage protocol", "GET", "HTTQ/1.1", validHeadersWithout(null), 400),
                Arguments.of("no Connection", "GET", "HTTP/1.1", validHeadersWithout("Connection"), 400),
                Arguments.of("Connection without Upgrade", "GET", "HTTP/1.1",
                        validHeadersWithout("Connection", "Connection: keep-alive"), 400),
                Arguments.of("Connection token glued", "GET", "HTTP/1.1",
                        validHeadersWithout("Connection", "Connection: keep-alive Upgrade"), 400),
                Arguments.of("no key", "GET", "HTTP/1.1", validHeadersWithout("Sec-WebSocket-Key"), 400),
                Arguments.of("two keys", "GET", "HTTP/1.1",
                        validHeadersWithout(null, "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="), 400),
                Arguments.of("key of 15 bytes", "GET", "HTTP/1.1",
                        validHeadersWithout("Sec-WebSocket-Key", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j"), 400),
                Arguments.of("key not base64", "GET", "HTTP/1.1",
                        validHeadersWithout("Sec-WebSocket-Key", "Sec-WebSocket-Key: not*base64*at*all*xxxxx"), 400),
                Arguments.of("malformed extensions", "GET", "HTTP/1.1",
                        validHeadersWithout(null, "Sec-WebSocket-Extensions: foo; =1"), 400),
                Arguments.of("malformed protocols", "GET", "HTTP/1.1",
                        validHeadersWithout(null, "Sec-WebSocket-Protocol: a b"), 400),
                // wrong or missing version: 426
                Arguments.of("no version", "GET", "HTTP/1.1", validHeadersWithout("Sec-WebSocket-Version"), 426),
                Arguments.of("version 8", "GET", "HTTP/1.1",
                        validHeadersWithout("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8"), 426),
                Arguments.of("versions 13 and 8", "GET", "HTTP/1.1",
                        validHeadersWithout("Sec-WebSocket-Version", "Sec-WebSocket-Version: 13, 8"), 426),
                Arguments.of("version 13 twice", "GET", "HTTP/1.1",
                        validHeadersWithout(null, "Sec-WebSocket-Version: 13"), 426)
        );
    }

    /** {@code expected}: 101 valid, 0 not a WebSocket request, otherwise the refusal status. */
    @ParameterizedTest(name = "[{index}] {0} -> {4}")
    @MethodSource("cases")
    void classifiesRequests(String description, String method, String protocol, String[] lines, int expected) {
        UpgradeValidation v = ServerRequestValidator.validate(method, protocol, headers(lines));
        switch (expected) {
            case 101 -> assertInstanceOf(UpgradeValidation.Valid.class, v);
            case 0 -> assertInstanceOf(UpgradeValidation.NotWebSocket.class, v);
            default -> {
                UpgradeValidation.Refused refused = assertInstanceOf(UpgradeValidation.Refused.class, v);
                assertEquals(expected, refused.status());
                assertEquals(List.of("13"), refused.headers().get("Sec-WebSocket-Version"));
                assertTrue(refused.message() != null && !refused.message().isBlank());
            }
        }
    }

    @Test
    void refusalMessagesNameTheProblem() {
        UpgradeValidation.Refused r = (UpgradeValidation.Refused) ServerRequestValidator.validate("GET", "HTTP/1.1",
                headers(validHeadersWithout("Sec-WebSocket-Key")));
        assertTrue(r.message().contains("Sec-WebSocket-Key"), r.message());
        r = (UpgradeValidation.Refused) ServerRequestValidator.validate("GET", "HTTP/1.1",
                headers(validHeadersWithout("Sec-WebSocket-Version", "Sec-WebSocket-Version: 8")));
        assertTrue(r.message().contains("8"), r.message());
    }

    @Test
    void headersWithinBothLimitsPass() {
        Map<String, List<String>> headers = Map.of("Host", List.of("example.com"), "Cookie", List.of("a=1", "b=2"));
        // 4 + 11 + 6 + 3 + 6 + 3 = 33 bytes in 3 lines
        assertNull(ServerRequestValidator.checkHeaderSize(headers, 33, 3));
    }

    @Test
    void moreHeaderLinesThanAllowedAre431() {
        Map<String, List<String>> headers = Map.of("Host", List.of("example.com"), "Cookie", List.of("a=1", "b=2"));
        UpgradeValidation.Refused refused = ServerRequestValidator.checkHeaderSize(headers, 16_384, 2);
        assertEquals(431, refused.status());
        assertTrue(refused.message().contains("3 header lines") && refused.message().contains("maxHandshakeHeaders"),
                refused.message());
    }

    @Test
    void moreHeaderBytesThanAllowedAre431() {
        Map<String, List<String>> headers = Map.of("Host", List.of("example.com"), "Cookie", List.of("a=1", "b=2"));
        UpgradeValidation.Refused refused = ServerRequestValidator.checkHeaderSize(headers, 32, 100);
        assertEquals(431, refused.status());
        assertTrue(refused.message().contains("33 bytes") && refused.message().contains("maxHandshakeHeaderBytes"),
                refused.message());
    }
}
