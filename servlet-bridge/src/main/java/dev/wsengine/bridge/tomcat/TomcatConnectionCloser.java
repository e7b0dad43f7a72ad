package dev.wsengine.bridge.tomcat;

import dev.wsengine.bridge.ConnectionCloser;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

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
 *
 * <p>Tomcat is reached through reflection only, not imports: Tomcat's jar carries the
 * {@code jakarta.servlet} packages itself, so the module {@code dev.wsengine.servlet}, which
 * requires {@code jakarta.servlet}, cannot also require Tomcat's module (the same packages from
 * two modules). Reflection needs no readability edge, and Tomcat's module is open.
 */
public final class TomcatConnectionCloser implements ConnectionCloser {

    private static final String UPGRADE_INPUT = "org.apache.coyote.http11.upgrade.UpgradeServletInputStream";
    private static final String SOCKET_WRAPPER = "org.apache.tomcat.util.net.SocketWrapperBase";
    private static final String SOCKET_EVENT = "org.apache.tomcat.util.net.SocketEvent";
    private static final String NIO_CHANNEL = "org.apache.tomcat.util.net.NioChannel";
    private static final String SECURE_NIO_CHANNEL = "org.apache.tomcat.util.net.SecureNioChannel";

    private final Class<?> upgradeInput;
    private final Field socketField;
    private final Method isClosed;
    private final Method processSocket;
    private final Object openRead;
    private final Method hasDataToWrite;
    private final Method getSocket;
    private final Class<?> nioChannel;
    private final Class<?> secureNioChannel;
    private final Method getIOChannel;

    public TomcatConnectionCloser() throws ReflectiveOperationException {
        ClassLoader loader = TomcatConnectionCloser.class.getClassLoader();
        upgradeInput = Class.forName(UPGRADE_INPUT, false, loader);
        Class<?> socketWrapper = Class.forName(SOCKET_WRAPPER, false, loader);
        Class<?> socketEvent = Class.forName(SOCKET_EVENT, false, loader);
        socketField = upgradeInput.getDeclaredField("socketWrapper");
        if (!socketWrapper.isAssignableFrom(socketField.getType())) {
            throw new NoSuchFieldException("UpgradeServletInputStream.socketWrapper is a " + socketField.getType());
        }
        socketField.setAccessible(true);
        isClosed = socketWrapper.getMethod("isClosed");
        processSocket = socketWrapper.getMethod("processSocket", socketEvent, boolean.class);
        openRead = enumConstant(socketEvent, "OPEN_READ");
        hasDataToWrite = socketWrapper.getMethod("hasDataToWrite");
        getSocket = socketWrapper.getMethod("getSocket");
        nioChannel = Class.forName(NIO_CHANNEL, false, loader);
        secureNioChannel = Class.forName(SECURE_NIO_CHANNEL, false, loader);
        getIOChannel = nioChannel.getMethod("getIOChannel");
    }

    private static Object enumConstant(Class<?> type, String name) throws NoSuchFieldException {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }

    @Override
    public void close(WebConnection connection) throws Exception {
        ServletInputStream in = connection.getInputStream();
        connection.close();
        if (upgradeInput.isInstance(in)) {
            Object socket = socketField.get(in);
            if (socket != null && !(Boolean) isClosed.invoke(socket)) {
                processSocket.invoke(socket, openRead, true);
            }
        }
    }

    /**
     * Shuts the output of a plain NIO socket (Tomcat 11's only connector) once Tomcat holds no
     * byte of ours. Not over TLS: a half-close of the socket under TLS would skip the TLS close,
     * so a TLS connection is closed whole, as before.
     */
    @Override
    public boolean shutdownOutput(WebConnection connection) throws Exception {
        ServletInputStream in = connection.getInputStream();
        Object socket = upgradeInput.isInstance(in) ? socketField.get(in) : null;
        if (socket == null || (Boolean) isClosed.invoke(socket) || (Boolean) hasDataToWrite.invoke(socket)) {
            return false;
        }
        Object channel = getSocket.invoke(socket);
        if (!nioChannel.isInstance(channel) || secureNioChannel.isInstance(channel)) {
            return false;
        }
        ((SocketChannel) getIOChannel.invoke(channel)).shutdownOutput();
        return true;
    }
}
