package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** The Servlet API's own switch, {@code HttpServletRequest.upgrade()}: works in any container. */
final class PortableSwitch implements ConnectionSwitch {

    private final ServletTransport.Settings settings;

    PortableSwitch(Executor executor, long maxBacklog, ScheduledExecutorService timer) {
        this.settings = ServletTransport.Settings.of(executor, maxBacklog, timer);
    }

    @Override
    public boolean appliesTo(HttpServletRequest request) {
        return true;
    }

    @Override
    public void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session)
            throws IOException, ServletException {
        ServletTransport.Endpoints endpoints = new ServletTransport.Endpoints(request.isSecure(),
                new InetSocketAddress(request.getLocalAddr(), request.getLocalPort()),
                new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()));
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        WsUpgradeHandler handler = request.upgrade(WsUpgradeHandler.class);
        handler.prepare(session, settings, endpoints);
    }
}
