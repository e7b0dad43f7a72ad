package dev.wsengine.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;

/**
 * {@code ServerContainer.upgradeHttpToWebSocket}: the engine cannot see servlet types, so the
 * servlet bridge installs this to do the upgrade from a servlet or filter.
 */
public interface ProgrammaticUpgrade {

    void upgrade(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig config,
                 Map<String, String> pathParameters) throws IOException, DeploymentException;
}
