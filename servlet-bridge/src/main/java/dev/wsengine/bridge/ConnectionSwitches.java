package dev.wsengine.bridge;

import jakarta.servlet.http.HttpServletRequest;

import java.util.concurrent.Executor;

/**
 * Picks the switch for a request: Jetty's own where the request comes from Jetty and Jetty's
 * classes are visible to us, the portable servlet upgrade everywhere else. The Jetty switch is
 * loaded by name, so that nothing here fails to link where Jetty is absent.
 */
final class ConnectionSwitches {

    static final String JETTY_SWITCH = "dev.wsengine.bridge.jetty.JettySwitch";

    private static final System.Logger LOG = System.getLogger(ConnectionSwitches.class.getName());

    private final ConnectionSwitch jetty;
    private final ConnectionSwitch portable;
    private volatile boolean jettyUnusable;

    ConnectionSwitches(Executor executor, long maxBacklog) {
        this(loadJettySwitch(), new PortableSwitch(executor, maxBacklog));
    }

    ConnectionSwitches(ConnectionSwitch jetty, ConnectionSwitch portable) {
        this.jetty = jetty;
        this.portable = portable;
    }

    ConnectionSwitch forRequest(HttpServletRequest request) {
        if (jetty != null && !jettyUnusable) {
            try {
                if (jetty.appliesTo(request)) {
                    return jetty;
                }
            } catch (LinkageError incompatibleJetty) {
                // Linking fails the same way for every request (a web application that may not see
                // Jetty's server classes): say it once, then stop trying.
                jettyUnusable = true;
                LOG.log(System.Logger.Level.WARNING, "Jetty's connection switch is unusable here; "
                        + "using the portable servlet upgrade from now on", incompatibleJetty);
            }
        }
        return portable;
    }

    /** Jetty's switch, or null where Jetty's classes cannot be seen from here. */
    static ConnectionSwitch loadJettySwitch() {
        try {
            Class<?> type = Class.forName(JETTY_SWITCH, true, ConnectionSwitches.class.getClassLoader());
            return (ConnectionSwitch) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError notJetty) {
            return null;
        }
    }
}
