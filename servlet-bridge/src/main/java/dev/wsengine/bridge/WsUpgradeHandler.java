package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;


/**
 * What the container instantiates for {@code HttpServletRequest.upgrade()}. It must have a public
 * no-argument constructor, so the session and the rest are attached by {@link #prepare} right
 * after {@code upgrade()} returns; the container calls {@link #init} only later, once the 101
 * response is out.
 */
public final class WsUpgradeHandler implements HttpUpgradeHandler {

    private TransportHandler session;
    private ServletTransport.Settings settings;
    private ServletTransport.Endpoints endpoints;
    private volatile ServletTransport transport;

    public WsUpgradeHandler() {
    }

    void prepare(TransportHandler session, ServletTransport.Settings settings, ServletTransport.Endpoints endpoints) {
        this.session = session;
        this.settings = settings;
        this.endpoints = endpoints;
    }

    @Override
    public void init(WebConnection connection) {
        if (session == null) {
            throw new IllegalStateException("WsUpgradeHandler was not prepared before init");
        }
        ServletTransport t = new ServletTransport(connection, session, settings, endpoints);
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
