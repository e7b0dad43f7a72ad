package dev.wsengine.handshake;

import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final WsExtension DEFLATE = new WsExtension("permessage-deflate");

    @ParameterizedTest(name = "[{index}] {0} -> Host {1}, target {2}")
    @CsvSource(delimiter = '|', value = {
            "ws://example.com/chat              | example.com        | /chat",
            "ws://example.com:80/chat           | example.com        | /chat",
            "ws://example.com:8080/chat?a=1&b=2 | example.com:8080   | /chat?a=1&b=2",
            "wss://example.com:443              | example.com        | /",
            "wss://example.com:80/x             | example.com:80     | /x",
            "ws://example.com:443/x             | example.com:443    | /x",
            "ws://[::1]:9000/a%20b?q=%2F        | [::1]:9000         | /a%20b?q=%2F",
            "WS://example.com?x                 | example.com        | /?x",
    })
    void buildsHostAndRequestTarget(String uri, String host, String target) {
        assertEquals(host, ClientHandshake.hostHeader(URI.create(uri)));
        assertEquals(target, ClientHandshake.requestTarget(URI.create(uri)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "ws://example.com/a#frag", "/relative"})
    void rejectsUnusableUris(String uri) {
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.requestTarget(URI.create(uri)));
    }

    @Test
    void requestCarriesEveryHandshakeHeader() {
        URI uri = URI.create("ws://example.com:8080/chat?room=1");
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(uri, KEY, List.of("chat", "superchat"),
                List.of(DEFLATE), Map.of("Origin", List.of("http://example.com")));
        String request = ClientHandshake.formatRequest(uri, headers);
        assertTrue(request.startsWith("GET /chat?room=1 HTTP/1.1\r\nHost: example.com:8080\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n"), request);
        for (String line : List.of("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY,
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: chat, superchat",
                "Sec-WebSocket-Extensions: permessage-deflate", "Origin: http://example.com")) {
            assertTrue(request.contains("\r\n" + line + "\r\n"), line + " missing in\n" + request);
        }
        assertEquals(1, request.split("Host:", -1).length - 1);
    }

    @Test
    void omitsProtocolAndExtensionHeadersWhenNothingIsOffered() {
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(URI.create("ws://h/"), KEY, List.of(), List.of());
        assertEquals(null, headers.get("Sec-WebSocket-Protocol"));
        assertEquals(null, headers.get("Sec-WebSocket-Extensions"));
    }

    @Test
    void headerMapIsMutableAndCaseInsensitiveForBeforeRequest() {
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(URI.create("ws://h/"), KEY, List.of(), List.of());
        headers.put("sec-websocket-protocol", List.of("mine"));
        headers.get("SEC-WEBSOCKET-KEY").add("x");
        assertEquals(List.of("mine"), headers.get("Sec-WebSocket-Protocol"));
        String request = ClientHandshake.formatRequest(URI.create("ws://h/"), headers);
        assertTrue(request.contains("sec-websocket-protocol: mine\r\n"), request);
    }

    @Test
    void refusesHeaderInjection() {
        Map<String, List<String>> headers = ClientHandshake.requestHeaders(URI.create("ws://h/"), KEY, List.of(), List.of());
        headers.put("X-Evil", List.of("a\r\nHost: other"));
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.formatRequest(URI.create("ws://h/"), headers));
        headers.remove("X-Evil");
        headers.put("Bad Name", List.of("v"));
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.formatRequest(URI.create("ws://h/"), headers));
    }

    private static Map<String, List<String>> goodResponse() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("upgrade", List.of("WebSocket"));
        h.put("connection", List.of("upgrade"));
        h.put("sec-websocket-accept", List.of(ACCEPT));
        return h;
    }

    @Test
    void acceptsAValidResponse() throws Exception {
        Map<String, List<String>> h = goodResponse();
        h.put("Sec-WebSocket-Protocol", List.of("superchat"));
        h.put("Sec-WebSocket-Extensions", List.of("permessage-deflate; server_no_context_takeover"));
        ClientHandshake.Accepted a = ClientHandshake.validateResponse(101, HeaderLookup.of(h), KEY,
                List.of("chat", "superchat"), List.of(DEFLATE));
        assertEquals("superchat", a.subprotocol());
        assertEquals(List.of(new WsExtension("permessage-deflate",
                List.of(new WsExtension.Param("server_no_context_takeover", null)))), a.extensions());
    }

    @Test
    void noSubprotocolOrExtensionsWhenTheServerPicksNone() throws Exception {
        ClientHandshake.Accepted a = ClientHandshake.validateResponse(101, HeaderLookup.of(goodResponse()), KEY,
                List.of("chat"), List.of(DEFLATE));
        assertEquals("", a.subprotocol());
        assertEquals(List.of(), a.extensions());
    }

    static Stream<Arguments> badResponses() {
        return Stream.of(
                Arguments.of("404", 404, Map.of(), 404),
                Arguments.of("200", 200, Map.of(), 200),
                Arguments.of("no Upgrade", 101, Map.of("upgrade", List.<String>of()), 101),
                Arguments.of("Upgrade other", 101, Map.of("upgrade", List.of("h2c")), 101),
                Arguments.of("no Connection", 101, Map.of("connection", List.<String>of()), 101),
                Arguments.of("wrong accept", 101, Map.of("sec-websocket-accept", List.of("AAAA")), 101),
                Arguments.of("missing accept", 101, Map.of("sec-websocket-accept", List.<String>of()), 101),
                Arguments.of("two accepts", 101, Map.of("sec-websocket-accept", List.of(ACCEPT, ACCEPT)), 101),
                Arguments.of("protocol not offered", 101, Map.of("Sec-WebSocket-Protocol", List.of("other")), 101),
                Arguments.of("two protocols", 101, Map.of("Sec-WebSocket-Protocol", List.of("chat, superchat")), 101),
                Arguments.of("extension not offered", 101, Map.of("Sec-WebSocket-Extensions", List.of("x-foo")), 101),
                Arguments.of("malformed extensions", 101, Map.of("Sec-WebSocket-Extensions", List.of("x;")), 101)
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badResponses")
    void rejectsBadResponsesWithTheirStatus(String description, int status, Map<String, List<String>> overrides,
                                            int expectedStatus) {
        Map<String, List<String>> h = goodResponse();
        h.putAll(overrides);
        HandshakeFailedException e = assertThrows(HandshakeFailedException.class, () -> ClientHandshake.validateResponse(
                status, HeaderLookup.of(h), KEY, List.of("chat", "superchat"), List.<Extension>of(DEFLATE)));
        assertEquals(expectedStatus, e.status());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void subprotocolWhenNoneOfferedIsAFailure() {
        Map<String, List<String>> h = goodResponse();
        h.put("Sec-WebSocket-Protocol", List.of("chat"));
        assertThrows(HandshakeFailedException.class,
                () -> ClientHandshake.validateResponse(101, HeaderLookup.of(h), KEY, List.of(), List.of()));
    }
}
