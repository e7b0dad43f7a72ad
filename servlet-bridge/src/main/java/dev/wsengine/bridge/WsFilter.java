package dev.wsengine.bridge;

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
 * Answers the WebSocket upgrade requests for paths that have an endpoint, and passes every other
 * request down the chain untouched. {@link WebSocketEngine} makes it; when the servlet container
 * destroys it, with the web application, the engine stops.
 */
public final class WsFilter implements Filter {

    private final UpgradeEngine engine;
    private final ResponseWriter responses;
    private final WsServerContainer container;
    private final Runnable stop;

    WsFilter(UpgradeEngine engine, ResponseWriter responses) {
        this(engine, responses, null, () -> { });
    }

    WsFilter(UpgradeEngine engine, ResponseWriter responses, WsServerContainer container, Runnable stop) {
        this.engine = engine;
        this.responses = responses;
        this.container = container;
        this.stop = stop;
    }

    WsServerContainer container() {
        return container;
    }

    /** Closes every session with 1001 and stops the engine's threads. */
    @Override
    public void destroy() {
        stop.run();
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
