package dev.wsengine.server;

import jakarta.websocket.DeploymentException;

import java.io.IOException;

/**
 * What {@link WsServerContainer#upgradeHttpToWebSocket} hands the actual upgrade to. The engine
 * cannot see the Servlet API, so the servlet bridge installs one with
 * {@link WsServerContainer#setProgrammaticUpgrade}. An implementation wraps the request, runs
 * {@link WsServerContainer#handshake(UpgradeRequest, EndpointMatch)}, writes the result to the
 * response and, for a 101, switches the connection to the session.
 */
@FunctionalInterface
public interface ProgrammaticUpgrade {

    /**
     * @param httpServletRequest  the {@code HttpServletRequest}, as the application passed it
     * @param httpServletResponse the {@code HttpServletResponse}, as the application passed it
     * @param match               the endpoint to connect to and its path parameters
     * @throws IllegalStateException when the request is not a valid WebSocket handshake (after
     *                               answering it with the refusal's status)
     */
    void upgrade(Object httpServletRequest, Object httpServletResponse, EndpointMatch match)
            throws IOException, DeploymentException;
}
