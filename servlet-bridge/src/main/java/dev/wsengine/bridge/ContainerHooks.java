package dev.wsengine.bridge;

import jakarta.servlet.http.WebConnection;

/**
 * What the portable transport needs from a container beyond the Servlet API: closing an upgraded
 * connection so that the socket closes too, shutting our direction only, and pausing reading.
 * {@link #PORTABLE} is the Servlet API alone; {@code dev.wsengine.bridge.tomcat.TomcatHooks} and
 * {@code dev.wsengine.bridge.undertow.UndertowHooks} reach into the containers they are named for.
 */
public interface ContainerHooks {

    /** The Servlet API alone: {@code WebConnection.close()}, no half-close, no pause. */
    ContainerHooks PORTABLE = new ContainerHooks() {
    };

    /** False for a connection of another container, whose hooks (or {@link #PORTABLE}) serve it instead. */
    default boolean serves(WebConnection connection) {
        return true;
    }

    /**
     * Ends the connection so that the container closes its socket as well. {@code
     * WebConnection.close()} alone does that everywhere but on Tomcat.
     */
    default void close(WebConnection connection) throws Exception {
        connection.close();
    }

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

    /**
     * True when {@code onDataAvailable} may return with bytes still readable and the container
     * will then neither read the socket further nor call {@code onDataAvailable} again until
     * {@link #resumeReading}. The Servlet API has no such pause: a container that goes on calling
     * a listener that does not read spins, and one that stops waits forever for bytes it already
     * holds. Where this is false, the transport reads everything into its own bounded backlog.
     */
    default boolean canPauseReading() {
        return false;
    }

    /**
     * Called on the container's thread, inside {@code onDataAvailable}, right before it returns
     * with bytes unread; afterwards, the container must not dispatch the connection for reading
     * by itself.
     */
    default void readingPaused(WebConnection connection) throws Exception {
    }

    /**
     * Called once after {@link #readingPaused}, from any thread: makes the container call
     * {@code onDataAvailable} again on its own thread, serialized with its other calls, for the
     * bytes it already holds even if no new ones arrive, and read the socket again.
     */
    default void resumeReading(WebConnection connection) throws Exception {
        throw new UnsupportedOperationException("reading never pauses here");
    }
}
