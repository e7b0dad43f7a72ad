package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Puts a handshake result on the servlet response: a refusal with its status, headers and a
 * short text, or the 101's headers and the switch of the connection to the session.
 */
final class HandshakeResponder {

    private final ConnectionSwitches switches;

    HandshakeResponder(Executor executor) {
        this.switches = new ConnectionSwitches(executor);
    }

    /** @return true when the connection was switched to WebSocket */
    boolean answer(HttpServletRequest request, HttpServletResponse response, HandshakeResult result)
            throws IOException, ServletException {
        setHeaders(response, result.headers());
        if (result.accepted()) {
            switches.forRequest(request).switchTo(request, response, result.session());
            return true;
        }
        response.setStatus(result.status());
        response.setContentType("text/plain;charset=UTF-8");
        String message = result.message() == null ? "WebSocket handshake refused" : result.message();
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void setHeaders(HttpServletResponse response, Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            for (String value : values) {
                response.addHeader(name, value);
            }
        });
    }
}
