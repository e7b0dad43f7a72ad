package dev.wsengine.handshake;

import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTest {

    @Test
    void computesTheRfcAcceptValue() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.forKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void makesFreshWellFormedClientKeys() {
        String a = AcceptKey.newClientKey();
        assertTrue(AcceptKey.isWellFormed(a));
        assertFalse(a.equals(AcceptKey.newClientKey()));
    }

    private static Function<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            map.computeIfAbsent(nameValues[i], k -> new java.util.ArrayList<>()).add(nameValues[i + 1]);
        }
        return name -> map.getOrDefault(name, List.of());
    }

    private static final String[] GOOD = {"upgrade", "WebSocket", "connection", "keep-alive, Upgrade",
            "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"};

    @Test
    void acceptsAValidRequestWhateverTheCase() {
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", RequestCheck.check("GET", "HTTP/1.1", headers(GOOD)));
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", RequestCheck.check("GET", "HTTP/2.0", headers(GOOD)));
    }

    static Stream<Arguments> brokenRequests() {
        return Stream.of(
                Arguments.of("POST", "HTTP/1.1", GOOD, 400),
                Arguments.of("GET", "HTTP/1.0", GOOD, 400),
                Arguments.of("GET", "HTTP/1.1", new String[] {"Upgrade", "websocket", "Connection", "close",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"}, 400),
                Arguments.of("GET", "HTTP/1.1", new String[] {"Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Version", "13"}, 400),
                Arguments.of("GET", "HTTP/1.1", new String[] {"Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Key", "c2hvcnQ=", "Sec-WebSocket-Version", "13"}, 400),
                Arguments.of("GET", "HTTP/1.1", new String[] {"Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "8"}, 426),
                Arguments.of("GET", "HTTP/1.1", new String[] {"Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, 426));
    }

    @ParameterizedTest
    @MethodSource("brokenRequests")
    void refusesBrokenRequestsWithTheirStatus(String method, String protocol, String[] h, int status) {
        HandshakeException e = assertThrows(HandshakeException.class, () -> RequestCheck.check(method, protocol, headers(h)));
        assertEquals(status, e.status());
        if (status == 426) {
            assertEquals(List.of("13"), e.headers().get("Sec-WebSocket-Version"));
        }
    }

    @Test
    void tellsWebSocketRequestsFromOthers() {
        assertTrue(RequestCheck.asksForWebSocket(headers("Upgrade", "h2c, WebSocket")));
        assertFalse(RequestCheck.asksForWebSocket(headers("Upgrade", "h2c")));
        assertFalse(RequestCheck.asksForWebSocket(headers()));
    }

    @Test
    void parsesSubprotocolsOverSeveralLines() {
        assertEquals(List.of("chat", "superchat", "v2"), ProtocolHeader.parse(List.of("chat, superchat", " v2 ")));
    }

    @Test
    void parsesExtensionsWithParametersAndQuotedValues() {
        List<Extension> parsed = ExtensionHeader.parse(List.of(
                "permessage-deflate; client_max_window_bits, x-foo; a=1; b=\"quoted \\\"value\\\"\"",
                "x-bar"));
        assertEquals(3, parsed.size());
        assertEquals("permessage-deflate", parsed.get(0).getName());
        assertEquals("client_max_window_bits", parsed.get(0).getParameters().get(0).getName());
        assertNull(parsed.get(0).getParameters().get(0).getValue());
        assertEquals("1", parsed.get(1).getParameters().get(0).getValue());
        assertEquals("quoted \"value\"", parsed.get(1).getParameters().get(1).getValue());
        assertEquals("x-bar", parsed.get(2).getName());
        assertEquals(parsed, ExtensionHeader.parse(List.of(ExtensionHeader.format(parsed))), "format round trips");
    }

    @ParameterizedTest
    @ValueSource(strings = {"; a=1", "x-foo; =1", "x-foo; a=\"open", "x-foo x-bar", "x-foo; a=1 b"})
    void refusesMalformedExtensionHeaders(String header) {
        assertEquals(400, assertThrows(HandshakeException.class, () -> ExtensionHeader.parse(List.of(header))).status());
    }

    @Test
    void extensionsCompareByNameAndParameters() {
        Map<Extension, Integer> set = new HashMap<>();
        set.put(new WsExtension("a", List.of(new WsExtension.Param("p", "1"))), 1);
        assertTrue(set.containsKey(new WsExtension("a", List.of(new WsExtension.Param("p", "1")))));
    }
}
