package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.util.concurrent.Executor;

/**
 * What the container instantiates for {@code upgrade()}; it needs a public no-argument
 * constructor, so the session is attached right after {@code upgrade()} returns, before
 * {@link #init} runs.
 */
public final class WsUpgradeHandler implements HttpUpgradeHandler {

    private TransportHandler session;
    private Executor executor;
    private ServletTransport.Endpoints endpoints;
    private ServletTransport transport;

    public WsUpgradeHandler() {
    }

    void attach(TransportHandler session, Executor executor, ServletTransport.Endpoints endpoints) {
        this.session = session;
        this.executor = executor;
        this.endpoints = endpoints;
    }

    @Override
    public void init(WebConnection connection) {
        transport = new ServletTransport(connection, session, executor, endpoints);
        transport.start();
    }

    @Override
    public void destroy() {
        if (transport != null) {
            transport.connectionEnded(null);
        }
    }
}
