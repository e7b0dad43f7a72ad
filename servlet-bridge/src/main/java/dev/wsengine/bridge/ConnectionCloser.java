package dev.wsengine.bridge;

import jakarta.servlet.http.WebConnection;

/**
 * Ends an upgraded connection so that the container closes its socket as well.
 * {@code WebConnection.close()} alone does that everywhere but on Tomcat (see
 * {@code dev.wsengine.bridge.tomcat.TomcatConnectionCloser}).
 */
public interface ConnectionCloser {

    /** The Servlet API's own close, enough for containers that close the socket with it. */
    ConnectionCloser PORTABLE = WebConnection::close;

    void close(WebConnection connection) throws Exception;

    /**
     * Shuts our direction only: the peer reads all we wrote, then our FIN, while we go on reading
     * what it still sends. Closing a socket with unread input makes the kernel send a reset
     * instead, which can destroy our Close frame before the peer reads it (RFC 6455 section 7.1.1
     * asks for a FIN). False where the container offers no way to do it; then {@link #close} alone.
     * Called only once our writes are done.
     */
    default boolean shutdownOutput(WebConnection connection) throws Exception {
        return false;
    }
}
