package dev.wsengine.bridge.tomcat;

import dev.wsengine.bridge.ContainerHooks;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;

/**
 * Closes a connection upgraded on Tomcat so that Tomcat closes the socket now, and pauses reading
 * it.
 *
 * <p><b>Closing.</b> Tomcat closes an upgraded socket only when one of its own events for that socket (data
 * arrived, the socket became writable) finds both streams closed. {@code WebConnection.close()}
 * from any other thread closes the streams but raises no event, so the socket stays open until
 * the peer sends something or gives up, although the close handshake is over and RFC 6455 wants
 * the server to close TCP first. No Servlet API call raises such an event on demand, so after
 * closing the streams this asks Tomcat itself for a read event on the socket: Tomcat then finds
 * both streams closed and closes the socket the way it always does, under its own lock.
 *
 * <p><b>Pausing.</b> After every read event it dispatched to an upgraded connection, Tomcat asks
 * its poller to watch the socket for reading again. A listener that returns without reading would
 * be called again at once, and again, for as long as the kernel holds bytes: a spin. Tomcat's own
 * WebSocket container avoids that by returning a "suspended" state from its internal upgrade
 * handler, which a servlet upgrade cannot. What stops the poller here is the flag Tomcat's
 * blocking reads set while they wait: a poller that finds the socket readable with that flag set
 * clears it and wakes the (absent) waiter instead of dispatching, and leaves the socket unwatched.
 * So a pause sets that flag; a resume clears it and asks Tomcat for a read event on the socket, as
 * its own WebSocket container does on resume: Tomcat then calls {@code onDataAvailable} on its
 * thread, under its socket lock, for the bytes it holds, and watches the socket again afterwards.
 *
 * <p>The socket is a private field of Tomcat's upgraded input stream (the same since Tomcat 8.5);
 * if it ever moves, construction fails and the bridge falls back to the portable close. The flag
 * is a private field of Tomcat's NIO socket wrapper; without it, reading never pauses.
 *
 * <p>Tomcat is reached through reflection only, not imports: Tomcat's jar carries the
 * {@code jakarta.servlet} packages itself, so the module {@code dev.wsengine.servlet}, which
 * requires {@code jakarta.servlet}, cannot also require Tomcat's module (the same packages from
 * two modules). Reflection needs no readability edge, and Tomcat's module is open.
 */
public final class TomcatHooks implements ContainerHooks {

    private static final String UPGRADE_INPUT = "org.apache.coyote.http11.upgrade.UpgradeServletInputStream";
    private static final String SOCKET_WRAPPER = "org.apache.tomcat.util.net.SocketWrapperBase";
    private static final String SOCKET_EVENT = "org.apache.tomcat.util.net.SocketEvent";
    private static final String NIO_CHANNEL = "org.apache.tomcat.util.net.NioChannel";
    private static final String SECURE_NIO_CHANNEL = "org.apache.tomcat.util.net.SecureNioChannel";
    private static final String NIO_SOCKET_WRAPPER = "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper";

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
    private final Class<?> nioSocketWrapper;
    /** Null where Tomcat's NIO socket wrapper has no such flag: then reading does not pause. */
    private final Field readBlocking;

    public TomcatHooks() throws ReflectiveOperationException {
        ClassLoader loader = TomcatHooks.class.getClassLoader();
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
        nioSocketWrapper = Class.forName(NIO_SOCKET_WRAPPER, false, loader);
        readBlocking = flag(nioSocketWrapper, "readBlocking");
        if (readBlocking == null) {
            System.getLogger(TomcatHooks.class.getName()).log(System.Logger.Level.WARNING,
                    "Cannot reach Tomcat's NioSocketWrapper.readBlocking; on Tomcat the server reads"
                            + " a peer its application is behind into memory");
        }
    }

    private static Field flag(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            if (field.getType() != boolean.class) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException moved) {
            return null;
        }
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
    public boolean serves(WebConnection connection) {
        try {
            return upgradeInput.isInstance(connection.getInputStream());
        } catch (IOException | RuntimeException notUpgraded) {
            return false;
        }
    }

    @Override
    public void close(WebConnection connection) throws Exception {
        ServletInputStream in = connection.getInputStream();
        connection.close();
        dispatchRead(socket(in));
    }

    /** Tomcat's read event, on a thread of its own and under its socket lock. */
    private void dispatchRead(Object socket) throws ReflectiveOperationException {
        if (socket != null && !(Boolean) isClosed.invoke(socket)) {
            processSocket.invoke(socket, openRead, true);
        }
    }

    private Object socket(ServletInputStream in) throws IllegalAccessException {
        return upgradeInput.isInstance(in) ? socketField.get(in) : null;
    }

    @Override
    public boolean canPauseReading() {
        return readBlocking != null;
    }

    @Override
    public void readingPaused(WebConnection connection) throws Exception {
        Object socket = socket(connection.getInputStream());
        if (!nioSocketWrapper.isInstance(socket)) {
            throw new IllegalStateException("Not a Tomcat NIO socket: " + socket);
        }
        readBlocking.setBoolean(socket, true);
    }

    @Override
    public void resumeReading(WebConnection connection) throws Exception {
        Object socket = socket(connection.getInputStream());
        if (nioSocketWrapper.isInstance(socket)) {
            readBlocking.setBoolean(socket, false);
        }
        dispatchRead(socket);
    }

    /**
     * Shuts the output of a plain NIO socket (Tomcat 11's only connector) once Tomcat holds no
     * byte of ours. Not over TLS: a half-close of the socket under TLS would skip the TLS close,
     * so a TLS connection is closed whole, as before.
     */
    @Override
    public boolean shutdownOutput(WebConnection connection) throws Exception {
        Object socket = socket(connection.getInputStream());
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
