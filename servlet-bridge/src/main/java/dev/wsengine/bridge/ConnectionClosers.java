package dev.wsengine.bridge;

import java.lang.reflect.InvocationTargetException;

/**
 * Picks how upgraded connections are closed: with Tomcat's help where Tomcat's classes are
 * visible, the Servlet API's {@code WebConnection.close()} everywhere else. The Tomcat closer is
 * loaded by name, so that nothing here fails to link where Tomcat is absent.
 */
final class ConnectionClosers {

    static final String TOMCAT_CLOSER = "dev.wsengine.bridge.tomcat.TomcatConnectionCloser";

    private static final System.Logger LOG = System.getLogger(ConnectionClosers.class.getName());

    private ConnectionClosers() {
    }

    static ConnectionCloser load() {
        Throwable failure;
        try {
            Class<?> type = Class.forName(TOMCAT_CLOSER, true, ConnectionClosers.class.getClassLoader());
            return (ConnectionCloser) type.getConstructor().newInstance();
        } catch (InvocationTargetException thrownByConstructor) {
            failure = thrownByConstructor.getCause();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            failure = e;
        }
        if (!(failure instanceof LinkageError || failure instanceof ClassNotFoundException)) {
            // Tomcat is here but its insides moved: connections still close, TCP only once the peer closes.
            LOG.log(System.Logger.Level.WARNING, "Cannot reach Tomcat's sockets (" + failure
                    + "); on Tomcat the server will close TCP only after the client does");
        }
        return ConnectionCloser.PORTABLE; // otherwise Tomcat's classes are not here: another container
    }
}
