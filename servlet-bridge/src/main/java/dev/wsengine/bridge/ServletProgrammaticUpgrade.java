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

/**
 * {@code ServerContainer.upgradeHttpToWebSocket} from a servlet or filter: the same handshake and
 * switch as the filter's, for a configuration the application passes in.
 */
final class ServletProgrammaticUpgrade implements ProgrammaticUpgrade {

    private final WsServerContainer container;
    private final ResponseWriter responses;

    ServletProgrammaticUpgrade(WsServerContainer container, ResponseWriter responses) {
        this.container = container;
        this.responses = responses;
    }

    @Override
    public void upgrade(Object httpServletRequest, Object httpServletResponse, ServerEndpointConfig config,
                        Map<String, String> pathParameters) throws IOException, DeploymentException {
        if (!(httpServletRequest instanceof HttpServletRequest request)
                || !(httpServletResponse instanceof HttpServletResponse response)) {
            throw new IllegalArgumentException("upgradeHttpToWebSocket needs an HttpServletRequest and an"
                    + " HttpServletResponse, got " + typeOf(httpServletRequest) + " and " + typeOf(httpServletResponse));
        }
        HandshakeResult result = container.handshake(new ServletUpgradeRequest(request), config,
                pathParameters == null ? Map.of() : pathParameters);
        try {
            responses.answer(request, response, result);
        } catch (ServletException e) {
            throw new IOException("Switching the connection to WebSocket failed", e);
        }
        if (!result.accepted()) {
            // The client has its answer; the caller learns why, as the API specifies.
            response.flushBuffer();
            throw new IllegalStateException("The request is not a valid WebSocket handshake (" + result.status()
                    + "): " + result.message());
        }
    }

    private static String typeOf(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
