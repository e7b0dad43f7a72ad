package dev.wsengine.bridge.jetty;

import dev.wsengine.bridge.ConnectionSwitch;
import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;

/**
 * Jetty's own connection switch. Jetty 12.1's portable upgrade ends the upgraded input as soon as
 * the 101 is sent, losing every byte a client sends after reading it, so on Jetty we hand the
 * connection over the way Jetty's own WebSocket support does: a request attribute names the
 * {@code Connection} that takes over the {@code EndPoint} once the 101 response completes.
 *
 * <p>Public with a no-argument constructor because the bridge loads it by name, only where Jetty
 * is present.
 */
public final class JettySwitch implements ConnectionSwitch {

    public JettySwitch() {
    }

    /** True when the request is served by Jetty's EE11 servlet layer. */
    public boolean appliesTo(HttpServletRequest request) {
        try {
            return ServletContextRequest.getServletContextRequest(request) != null;
        } catch (IllegalStateException notFromJetty) {
            return false; // Jetty's classes are visible, but another container serves this request
        }
    }

    @Override
    public void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session) {
        ServletContextRequest jettyRequest = ServletContextRequest.getServletContextRequest(request);
        ConnectionMetaData meta = jettyRequest.getConnectionMetaData();
        EndPoint endPoint = meta.getConnection().getEndPoint();
        JettyTransport transport = new JettyTransport(endPoint, meta.getConnector().getExecutor(), session, meta.isSecure());
        jettyRequest.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, transport);
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    }
}
