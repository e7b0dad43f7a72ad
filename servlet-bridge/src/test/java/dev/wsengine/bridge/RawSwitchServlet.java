package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.Supplier;

/** Switches every request it gets to a fresh handler, through the switch chosen for the request. */
final class RawSwitchServlet extends HttpServlet {

    /** Which switch takes a request; refusing one is the switch chooser's right. */
    interface Choice {
        ConnectionSwitch forRequest(HttpServletRequest request) throws ServletException;
    }

    private final Choice switches;
    private final Supplier<TransportHandler> handlers;

    RawSwitchServlet(Choice switches, Supplier<TransportHandler> handlers) {
        this.switches = switches;
        this.handlers = handlers;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setHeader("Upgrade", "raw-echo");
        response.setHeader("Connection", "Upgrade");
        switches.forRequest(request).switchTo(request, response, handlers.get());
    }
}
