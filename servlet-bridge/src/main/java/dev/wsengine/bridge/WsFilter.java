package dev.wsengine.bridge;

import dev.wsengine.server.EndpointMatch;
import dev.wsengine.server.HandshakeResult;
import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Passes every request down the chain untouched, except a WebSocket upgrade for a path with an
 * endpoint: that one gets the handshake, and either a refusal with its HTTP status or a 101 and
 * the switch of the connection to the engine.
 */
public final class WsFilter implements Filter {

    private final WsServerContainer container;
    private final HandshakeResponder responder;

    public WsFilter(WsServerContainer container) {
        this.container = container;
        this.responder = new HandshakeResponder(container.executor());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        container.markStarted();
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)
                || !asksForWebSocket(request)) {
            chain.doFilter(req, resp);
            return;
        }
        String path = ServletUpgradeRequest.pathWithinApplication(request);
        EndpointMatch match = container.match(path);
        if (match == null) {
            chain.doFilter(req, resp);
            return;
        }
        HandshakeResult result = container.handshake(new ServletUpgradeRequest(request, path), match);
        responder.answer(request, response, result);
    }

    /** A request that names the websocket protocol in its Upgrade header is ours to answer. */
    static boolean asksForWebSocket(HttpServletRequest request) {
        var upgrades = request.getHeaders("Upgrade");
        while (upgrades != null && upgrades.hasMoreElements()) {
            for (String token : upgrades.nextElement().split(",")) {
                if (token.trim().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

}
