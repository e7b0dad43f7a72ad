package dev.wsengine.bridge.jetty;

import dev.wsengine.bridge.ConnectionSwitch;
import dev.wsengine.bridge.ConnectionSwitches;
import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own connection switch. Jetty 12.1's portable {@code upgrade()} ends the upgraded input
 * as soon as the 101 is out, so every byte a client sends after reading the 101 is lost. Jetty's
 * own WebSocket support switches differently, and so do we here: a request attribute names the
 * {@link Connection} that takes over the {@code EndPoint} once the 101 response has completed.
 *
 * <p>Public with a no-argument constructor because the bridge loads it by name, and only where
 * Jetty's classes are visible.
 */
public final class JettySwitch implements ConnectionSwitch {

    public JettySwitch() {
        // Resolving these class literals loads every Jetty class a switch and its transport use, so
        // that a web application whose class loader hides one fails when it starts (see
        // ConnectionSwitches), not at its first upgrade.
        linked(ServletContextRequest.class, HttpStream.class, ConnectionMetaData.class, Connector.class,
                JettyTransport.class, ByteBufferPool.class, RetainableByteBuffer.class, BufferUtil.class, Callback.class);
    }

    private static void linked(Class<?>... types) {
        // Nothing to do: the caller's class literals did the work.
    }

    /** True for an HTTP/1.1 request served by Jetty's EE11 servlet layer. */
    @Override
    public boolean appliesTo(HttpServletRequest request) {
        if (!"HTTP/1.1".equals(request.getProtocol()) || !ConnectionSwitches.servedByJetty(request)) {
            return false;
        }
        try {
            ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
            return jettyRequest != null && jettyRequest.getConnectionMetaData().getConnection() != null;
        } catch (IllegalStateException notJettys) {
            return false;
        }
    }

    @Override
    public void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session) {
        ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
        ConnectionMetaData meta = jettyRequest.getConnectionMetaData();
        Connector connector = meta.getConnector();
        JettyTransport transport = new JettyTransport(meta.getConnection().getEndPoint(), connector.getExecutor(),
                connector.getByteBufferPool(), session, meta.isSecure());
        jettyRequest.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, transport);
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    }
}
