package dev.wsengine.bridge.tomcat;

import dev.wsengine.bridge.ConnectionCloser;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;
import org.apache.coyote.http11.upgrade.UpgradeServletInputStream;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SecureNioChannel;
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
        SocketWrapperBase<?> socket = socketOf(in);
        if (socket != null && !socket.isClosed()) {
            socket.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    /**
     * Shuts the output of a plain NIO socket (Tomcat 11's only connector) once Tomcat holds no
     * byte of ours. Not over TLS: a half-close of the socket under TLS would skip the TLS close,
     * so a TLS connection is closed whole, as before.
     */
    @Override
    public boolean shutdownOutput(WebConnection connection) throws Exception {
        SocketWrapperBase<?> socket = socketOf(connection.getInputStream());
        if (socket == null || socket.isClosed() || socket.hasDataToWrite()
                || !(socket.getSocket() instanceof NioChannel channel) || channel instanceof SecureNioChannel) {
            return false;
        }
        channel.getIOChannel().shutdownOutput();
        return true;
    }

    private SocketWrapperBase<?> socketOf(ServletInputStream in) throws IllegalAccessException {
        return in instanceof UpgradeServletInputStream ? (SocketWrapperBase<?>) socketField.get(in) : null;
    }
}
