package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Switches every request it gets to a fresh handler, through the switch chosen for the request. */
final class RawSwitchServlet extends HttpServlet {

    private final Function<HttpServletRequest, ConnectionSwitch> switches;
    private final Supplier<TransportHandler> handlers;

    RawSwitchServlet(Function<HttpServletRequest, ConnectionSwitch> switches, Supplier<TransportHandler> handlers) {
        this.switches = switches;
        this.handlers = handlers;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setHeader("Upgrade", "raw-echo");
        response.setHeader("Connection", "Upgrade");
        switches.apply(request).switchTo(request, response, handlers.get());
    }
}
