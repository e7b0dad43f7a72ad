package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Turns the engine's handshake answer into the HTTP response: a refusal, or 101 and the switch. */
final class ResponseWriter {

    private final ConnectionSwitches switches;

    ResponseWriter(ConnectionSwitches switches) {
        this.switches = switches;
    }

    void answer(HttpServletRequest request, HttpServletResponse response, HandshakeResult result)
            throws IOException, ServletException {
        if (response.isCommitted()) {
            throw new IllegalStateException("The response was committed before the WebSocket handshake");
        }
        if (result.accepted()) {
            setHeaders(response, result.headers());
            switches.forRequest(request).switchTo(request, response, result.session());
        } else {
            refuse(response, result);
        }
    }

    private static void refuse(HttpServletResponse response, HandshakeResult result) throws IOException {
        response.resetBuffer();
        response.setStatus(result.status());
        setHeaders(response, result.headers());
        String message = result.message() == null || result.message().isBlank()
                ? "WebSocket handshake refused" : result.message();
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void setHeaders(HttpServletResponse response, Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            for (String value : values) {
                response.addHeader(name, value);
            }
        });
    }
}
