package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Hands an accepted WebSocket connection from the servlet container to the engine. Two
 * implementations: the portable servlet upgrade, and Jetty's own connection switch for Jetty,
 * whose portable upgrade loses the bytes a client sends after the 101.
 */
public interface ConnectionSwitch {

    /**
     * Arranges for {@code session} to take over the connection once the 101 response, whose
     * headers are already set, has been sent. Called on the request thread before it returns.
     */
    void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session)
            throws IOException, ServletException;
}
