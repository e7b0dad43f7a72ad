package dev.wsengine.bridge.tomcat;

import dev.wsengine.bridge.ConnectionCloser;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;
import org.apache.coyote.http11.upgrade.UpgradeServletInputStream;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

import java.lang.reflect.Field;

/**
 * Closes a connection upgraded on Tomcat so that Tomcat closes the socket now.
 *
 * <p>Tomcat closes an upgraded socket only when one of its own events for that socket (data
 * arrived, the socket became writable) finds both streams closed. {@code WebConnection.close()}
 * from any other thread closes the streams but raises no event, so the socket stays open until
 * the peer sends something or gives up, although the close handshake is over and RFC 6455 wants
 * the server to close TCP first. No Servlet API call raises such an event on demand, so after
 * closing the streams this asks Tomcat itself for a read event on the socket: Tomcat then finds
 * both streams closed and closes the socket the way it always does, under its own lock.
 *
 * <p>The socket is a private field of Tomcat's upgraded input stream (the same since Tomcat 8.5);
 * if it ever moves, construction fails and the bridge falls back to the portable close.
 */
public final class TomcatConnectionCloser implements ConnectionCloser {

    private final Field socketField;

    public TomcatConnectionCloser() throws ReflectiveOperationException {
        socketField = UpgradeServletInputStream.class.getDeclaredField("socketWrapper");
        if (!SocketWrapperBase.class.isAssignableFrom(socketField.getType())) {
            throw new NoSuchFieldException("UpgradeServletInputStream.socketWrapper is a " + socketField.getType());
        }
        socketField.setAccessible(true);
    }

    @Override
    public void close(WebConnection connection) throws Exception {
        ServletInputStream in = connection.getInputStream();
        connection.close();
        if (in instanceof UpgradeServletInputStream) {
            SocketWrapperBase<?> socket = (SocketWrapperBase<?>) socketField.get(in);
            if (socket != null && !socket.isClosed()) {
                socket.processSocket(SocketEvent.OPEN_READ, true);
            }
        }
    }
}
