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
}
