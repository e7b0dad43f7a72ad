package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/** The Servlet API's own upgrade: {@code HttpServletRequest.upgrade()}. */
final class PortableSwitch implements ConnectionSwitch {

    private final Executor executor;

    PortableSwitch(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session)
            throws IOException, ServletException {
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        WsUpgradeHandler handler = request.upgrade(WsUpgradeHandler.class);
        handler.attach(session, executor, new ServletTransport.Endpoints(request.isSecure(),
                new InetSocketAddress(request.getLocalAddr(), request.getLocalPort()),
                new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort())));
    }
}
