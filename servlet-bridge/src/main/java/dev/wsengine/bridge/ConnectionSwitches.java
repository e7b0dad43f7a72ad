package dev.wsengine.bridge;

import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;

/**
 * Picks the switch for a request: Jetty's own when the request comes from Jetty and Jetty's
 * classes are visible to us, the portable servlet upgrade otherwise. Jetty is looked up by name
 * so that nothing here fails to load where Jetty is absent.
 */
final class ConnectionSwitches {

    private static final String JETTY_SWITCH = "dev.wsengine.bridge.jetty.JettySwitch";

    private final ConnectionSwitch portable;
    private final Object jetty;
    private final Method jettyApplies;

    ConnectionSwitches(Executor executor) {
        this.portable = new PortableSwitch(executor);
        Object found = null;
        Method applies = null;
        try {
            Class<?> type = Class.forName(JETTY_SWITCH, true, ConnectionSwitches.class.getClassLoader());
            found = type.getConstructor().newInstance();
            applies = type.getMethod("appliesTo", HttpServletRequest.class);
        } catch (ReflectiveOperationException | LinkageError notJetty) {
            // Jetty is not on our class path: every request takes the portable path.
        }
        this.jetty = found;
        this.jettyApplies = applies;
    }

    ConnectionSwitch forRequest(HttpServletRequest request) {
        if (jetty != null) {
            try {
                if ((Boolean) jettyApplies.invoke(jetty, request)) {
                    return (ConnectionSwitch) jetty;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Jetty connection switch failed", e);
            }
        }
        return portable;
    }
}
