package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Answers the WebSocket upgrade requests for paths that have an endpoint, and passes every other
 * request down the chain untouched.
 */
public final class WsFilter implements Filter {

    private final UpgradeEngine engine;
    private final ResponseWriter responses;

    WsFilter(UpgradeEngine engine, ResponseWriter responses) {
        this.engine = engine;
        this.responses = responses;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        engine.requestSeen();
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)
                || !ServletUpgradeRequest.asksForWebSocket(request)) {
            chain.doFilter(req, resp);
            return;
        }
        HandshakeResult result = engine.handshake(new ServletUpgradeRequest(request));
        if (result == null) {
            chain.doFilter(req, resp);
            return;
        }
        responses.answer(request, response, result);
    }
}
