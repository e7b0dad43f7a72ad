package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.util.concurrent.Executor;

/**
 * What the container instantiates for {@code HttpServletRequest.upgrade()}. It must have a public
 * no-argument constructor, so the session and the rest are attached by {@link #prepare} right
 * after {@code upgrade()} returns; the container calls {@link #init} only later, once the 101
 * response is out.
 */
public final class WsUpgradeHandler implements HttpUpgradeHandler {

    private TransportHandler session;
    private Executor executor;
    private ServletTransport.Endpoints endpoints;
    private long maxBacklog;
    private volatile ServletTransport transport;

    public WsUpgradeHandler() {
    }

    void prepare(TransportHandler session, Executor executor, ServletTransport.Endpoints endpoints, long maxBacklog) {
        this.session = session;
        this.executor = executor;
        this.endpoints = endpoints;
        this.maxBacklog = maxBacklog;
    }

    @Override
    public void init(WebConnection connection) {
        if (session == null) {
            throw new IllegalStateException("WsUpgradeHandler was not prepared before init");
        }
        ServletTransport t = new ServletTransport(connection, session, executor, endpoints, maxBacklog);
        transport = t;
        t.start();
    }

    @Override
    public void destroy() {
        ServletTransport t = transport;
        if (t != null) {
            t.destroyed();
        }
    }
}
