package dev.wsengine.bridge;

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
        Class<?> type;
        try {
            type = Class.forName(TOMCAT_CLOSER, true, ConnectionClosers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notTomcat) {
            return ConnectionCloser.PORTABLE;
        }
        try {
            return (ConnectionCloser) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException changedTomcat) {
            // Tomcat is here but its insides moved: connections still close, TCP only once the peer closes.
            LOG.log(System.Logger.Level.WARNING, "Cannot reach Tomcat's sockets (" + changedTomcat
                    + "); on Tomcat the server will close TCP only after the client does");
            return ConnectionCloser.PORTABLE;
        }
    }
}
