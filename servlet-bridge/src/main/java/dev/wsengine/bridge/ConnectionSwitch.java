package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Hands an accepted WebSocket connection from the servlet container to the engine: the portable
 * servlet upgrade, or a container's own mechanism where the portable one falls short.
 */
public interface ConnectionSwitch {

    /** Whether this switch can take over the connection of {@code request}. */
    boolean appliesTo(HttpServletRequest request);

    /**
     * Sets status 101 and arranges for {@code session} to take over the connection once the
     * response, whose other headers are already set, has been sent. Called on the request thread;
     * the session's {@code onOpen} comes later, on another thread.
     */
    void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session)
            throws IOException, ServletException;
}
