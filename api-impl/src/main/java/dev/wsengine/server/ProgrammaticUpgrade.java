package dev.wsengine.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;

/**
 * What {@link WsServerContainer#upgradeHttpToWebSocket} hands the actual upgrade to. The engine
 * cannot see the Servlet API, so the servlet bridge installs one with
 * {@link WsServerContainer#setProgrammaticUpgrade}. The container has already validated
 * {@code config} (a broken one is a DeploymentException before this is called). An implementation
 * wraps the request, runs {@link WsServerContainer#handshake(UpgradeRequest, ServerEndpointConfig, Map)},
 * writes the result to the response and, for a 101, switches the connection to the session.
 */
@FunctionalInterface
public interface ProgrammaticUpgrade {

    /**
     * @param httpServletRequest  the {@code HttpServletRequest}, as the application passed it
     * @param httpServletResponse the {@code HttpServletResponse}, as the application passed it
     * @param config              the endpoint to connect to; need not be deployed
     * @param pathParameters      the path parameters the application supplied, never null
     * @throws IllegalStateException when the request is not a valid WebSocket handshake (after
     *                               answering it with the refusal's status), as the API javadoc asks
     */
    void upgrade(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig config,
                 Map<String, String> pathParameters) throws IOException, DeploymentException;
}
