package dev.wsengine.tck.conformance;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeCodecTest {

    @Test
    void computesTheAcceptKeyOfRfc6455Section1_3() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void readsTheResponseHeadAndNotOneByteMore() throws IOException {
        byte[] wire = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate\r\nsec-websocket-extensions: x, y\r\n\r\n\u0081\u0001a")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        HttpHead head = HttpHead.read(in);
        assertEquals(101, head.status());
        assertTrue(head.hasToken("connection", "upgrade"));
        assertEquals(List.of("permessage-deflate", "x", "y"), head.elements("Sec-WebSocket-Extensions"));
        assertEquals(3, in.available());
    }

    @Test
    void writesABrowserLikeRequestWithoutContentLength() {
        UpgradeRequest request = new UpgradeRequest(URI.create("ws://127.0.0.1:8080/echo?x=1")).set("Origin", null);
        String text = request.toString();
        assertTrue(text.startsWith("GET /echo?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"), text);
        assertTrue(text.contains("Sec-WebSocket-Key: " + request.key() + "\r\n"), text);
        assertTrue(text.endsWith("Sec-WebSocket-Version: 13\r\n\r\n"), text);
        assertFalse(text.toLowerCase().contains("content-length"), text);
        assertFalse(text.contains("Origin"), text);
    }

    @Test
    void gradesRefusals() throws IOException {
        HttpHead upgradeRequired = HttpHead.parse("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n");
        assertEquals(Grade.OK, HandshakeCases.gradeRefusal(426, upgradeRequired).grade());
        assertEquals(Grade.NON_STRICT, HandshakeCases.gradeRefusal(426, HttpHead.parse("HTTP/1.1 426 Upgrade Required\r\n")).grade());
        assertEquals(Grade.NON_STRICT, HandshakeCases.gradeRefusal(400, HttpHead.parse("HTTP/1.1 404 Not Found\r\n")).grade());
        assertEquals(Grade.FAILED, HandshakeCases.gradeRefusal(400, HttpHead.parse("HTTP/1.1 500 Server Error\r\n")).grade());
        assertEquals(Grade.FAILED, HandshakeCases.gradeRefusal(400, HttpHead.parse("HTTP/1.1 101 Switching Protocols\r\n")).grade());
    }
}
