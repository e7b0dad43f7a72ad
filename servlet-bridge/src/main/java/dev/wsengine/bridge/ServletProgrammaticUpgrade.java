package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import dev.wsengine.server.ProgrammaticUpgrade;
import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;

/** {@code ServerContainer.upgradeHttpToWebSocket} from a servlet or a filter, with a configuration that is not deployed. */
final class ServletProgrammaticUpgrade implements ProgrammaticUpgrade {

    private final WsServerContainer container;
    private final HandshakeResponder responder;

    ServletProgrammaticUpgrade(WsServerContainer container) {
        this.container = container;
        this.responder = new HandshakeResponder(container.executor());
    }

    @Override
    public void upgrade(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig config,
                        Map<String, String> pathParameters) throws IOException, DeploymentException {
        if (!(httpServletRequest instanceof HttpServletRequest request)
                || !(httpServletResponse instanceof HttpServletResponse response)) {
            throw new IllegalArgumentException("upgradeHttpToWebSocket needs an HttpServletRequest and an HttpServletResponse");
        }
        String path = ServletUpgradeRequest.pathWithinApplication(request);
        HandshakeResult result = container.handshake(new ServletUpgradeRequest(request, path), config,
                pathParameters == null ? Map.of() : pathParameters);
        try {
            if (!responder.answer(request, response, result)) {
                throw new IllegalStateException("Not a valid WebSocket handshake (HTTP " + result.status() + "): "
                        + result.message());
            }
        } catch (ServletException e) {
            throw new IOException("Switching the connection to WebSocket failed", e);
        }
    }
}
