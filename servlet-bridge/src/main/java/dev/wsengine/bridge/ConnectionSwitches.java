package dev.wsengine.bridge;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Picks the switch for a request: Jetty's own where the request comes from Jetty, the portable
 * servlet upgrade everywhere else. The Jetty switch is loaded by name, so that nothing here fails
 * to link where Jetty is absent.
 *
 * <p>On Jetty the portable upgrade is no fallback: Jetty 12.1 parses the bytes a client sends
 * right behind its handshake as a new HTTP request and writes its 400 into the WebSocket stream.
 * So a web application on Jetty that cannot see the Jetty classes the switch needs does not start
 * ({@link #requireUsableOn}), and a Jetty request the switch cannot take is refused.
 */
public final class ConnectionSwitches {

    static final String JETTY_SWITCH = "dev.wsengine.bridge.jetty.JettySwitch";

    /** What a web application's context on Jetty must let it see; README's context XML says the same. */
    static final String JETTY_CLASSES = "-org.eclipse.jetty.server., -org.eclipse.jetty.io., "
            + "-org.eclipse.jetty.util., -org.eclipse.jetty.ee11.servlet.";

    private static final System.Logger LOG = System.getLogger(ConnectionSwitches.class.getName());

    private final ConnectionSwitch jetty;
    private final Throwable jettyUnusable;
    private final ConnectionSwitch portable;

    /** Jetty's switch where it can be loaded, the portable one for everything else. */
    static ConnectionSwitches create(Executor executor, long maxBacklog, ScheduledExecutorService timer) {
        ConnectionSwitch jetty = null;
        Throwable unusable = null;
        try {
            Class<?> type = Class.forName(JETTY_SWITCH, true, ConnectionSwitches.class.getClassLoader());
            jetty = (ConnectionSwitch) type.getConstructor().newInstance();
        } catch (InvocationTargetException failedToLink) {
            unusable = failedToLink.getCause();
        } catch (ReflectiveOperationException | LinkageError notJetty) {
            unusable = notJetty;
        }
        return new ConnectionSwitches(jetty, unusable, new PortableSwitch(executor, maxBacklog, timer));
    }

    ConnectionSwitches(ConnectionSwitch jetty, Throwable jettyUnusable, ConnectionSwitch portable) {
        this.jetty = jetty;
        this.jettyUnusable = jettyUnusable;
        this.portable = portable;
    }

    /** True when {@code request}, unwrapped, is Jetty's own. */
    public static boolean servedByJetty(ServletRequest request) {
        ServletRequest inner = request;
        while (inner instanceof ServletRequestWrapper wrapper) {
            inner = wrapper.getRequest();
        }
        return inner.getClass().getName().startsWith("org.eclipse.jetty.");
    }

    /**
     * Fails the start of a web application that runs on Jetty but cannot use Jetty's switch, with
     * one ERROR line that says what to add.
     */
    void requireUsableOn(ServletContext context) throws ServletException {
        String server = context.getServerInfo();
        if (jetty != null || server == null || !server.toLowerCase(Locale.ROOT).startsWith("jetty")) {
            return;
        }
        String message = "WebSocket cannot start in web application '" + context.getContextPath() + "' on " + server
                + ": it cannot see the Jetty classes it needs to take over connections (" + jettyUnusable
                + "). Let it see them: add the hidden-class exclusions " + JETTY_CLASSES + " to its context"
                + " (README, 'In a standalone Tomcat 11 or Jetty 12.1', gives the context"
                + " XML file). Jetty 12.1's portable servlet upgrade would lose the bytes clients send right"
                + " after the handshake, so it is not used instead.";
        LOG.log(System.Logger.Level.ERROR, message);
        throw new ServletException(message, jettyUnusable);
    }

    ConnectionSwitch forRequest(HttpServletRequest request) throws ServletException {
        if (jetty != null && jetty.appliesTo(request)) {
            return jetty;
        }
        if (servedByJetty(request)) {
            throw new ServletException("Jetty's connection switch cannot take this request (" + request.getProtocol()
                    + (jettyUnusable == null ? "" : ", " + jettyUnusable) + "); refusing it, since Jetty's portable"
                    + " servlet upgrade would lose the bytes a client sends right after the handshake");
        }
        return portable;
    }
}
