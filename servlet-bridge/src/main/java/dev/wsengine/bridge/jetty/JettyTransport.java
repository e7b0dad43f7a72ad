package dev.wsengine.bridge.jetty;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket connection on Jetty's own {@code EndPoint}. Jetty calls {@link #onFillable()} on a
 * pool thread (the connection's invocation type is blocking), which may run application code
 * that blocks; write completions come from the selector and only complete futures.
 */
final class JettyTransport extends AbstractConnection implements Connection.UpgradeTo, Transport {

    private static final int READ_BUFFER = 16 * 1024;

    private final TransportHandler handler;
    private final boolean secure;
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private ByteBuffer prefilled;
    private ByteBuffer readBuffer;
    private volatile boolean suspended;
    private volatile boolean fillWanted;

    JettyTransport(EndPoint endPoint, Executor executor, TransportHandler handler, boolean secure) {
        super(endPoint, executor);
        this.handler = handler;
        this.secure = secure;
    }

    /** Bytes the client sent right behind its handshake request, already read by Jetty. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            prefilled = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // Our session keeps its own idle timeout; Jetty's would cut idle WebSockets at 30 s.
        getEndPoint().setIdleTimeout(0);
        handler.onOpen(this);
        if (prefilled != null) {
            ByteBuffer first = prefilled;
            prefilled = null;
            handler.onData(first);
        }
        demand();
    }

    @Override
    public void onFillable() {
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocate(READ_BUFFER);
        }
        try {
            while (!suspended) {
                readBuffer.clear().flip();
                int n = getEndPoint().fill(readBuffer);
                if (n > 0) {
                    handler.onData(readBuffer);
                } else if (n == 0) {
                    demand();
                    return;
                } else {
                    getEndPoint().close();
                    return;
                }
            }
            fillWanted = true;
        } catch (IOException e) {
            getEndPoint().close(e);
        } catch (RuntimeException e) {
            getEndPoint().close(e);
            throw e;
        }
    }

    private void demand() {
        if (!suspended) {
            fillInterested();
        } else {
            fillWanted = true;
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        if (closedReported.compareAndSet(false, true)) {
            handler.onClosed(cause);
        }
    }

    @Override
    public void write(WriteCallback callback, ByteBuffer... buffers) {
        getEndPoint().write(Callback.from(Invocable.InvocationType.NON_BLOCKING,
                callback::completed, callback::failed), buffers);
    }

    @Override
    public void suspendReading() {
        suspended = true;
    }

    @Override
    public void resumeReading() {
        suspended = false;
        if (fillWanted) {
            fillWanted = false;
            fillInterested();
        }
    }

    @Override
    public void close(boolean abort) {
        if (abort) {
            getEndPoint().close();
        } else {
            getEndPoint().shutdownOutput();
            getEndPoint().close();
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public InetSocketAddress localAddress() {
        return inet(getEndPoint().getLocalSocketAddress());
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return inet(getEndPoint().getRemoteSocketAddress());
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }
}
