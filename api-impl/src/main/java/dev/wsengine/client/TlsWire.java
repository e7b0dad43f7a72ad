package dev.wsengine.client;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * {@code wss://}: TLS through an {@link SSLEngine} over a non-blocking socket. The handshake is
 * driven by {@link #handshake(Deadline)} during the connect phase; afterwards reads and writes
 * also handle what TLS 1.3 sends after its handshake (session tickets, key updates).
 */
final class TlsWire implements Wire {

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Reading may have to send (TLS answers of its own) while another thread writes: one writer at a time. */
    private final Object writeLock = new Object();
    /** Encrypted bytes from the socket, in write mode. */
    private ByteBuffer netIn;
    /** Encrypted bytes for the socket, in read mode (what is left to write). */
    private ByteBuffer netOut;
    /** Decrypted bytes not yet handed out, in read mode. */
    private ByteBuffer appIn;

    TlsWire(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    /** Runs the TLS handshake to its end, waiting on the socket until the deadline. */
    void handshake(Deadline deadline) throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    wrap(NOTHING);
                    while (!flushNetOut()) {
                        deadline.awaitWritable(channel);
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (unwrapOnce()) {
                        continue;
                    }
                    int read = channel.read(netIn);
                    if (read < 0) {
                        throw new EOFException("Connection closed during the TLS handshake");
                    }
                    if (read == 0) {
                        deadline.awaitReadable(channel);
                    }
                }
                case NEED_TASK -> runDelegatedTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(dst.remaining(), appIn.remaining());
                dst.put(appIn.slice(appIn.position(), n));
                appIn.position(appIn.position() + n);
                return n;
            }
            if (engine.isInboundDone()) {
                return -1;
            }
            if (unwrapOnce()) {
                answerHandshakeNeeds();
                continue;
            }
            int read = channel.read(netIn);
            if (read < 0) {
                return -1;
            }
            if (read == 0) {
                return 0;
            }
        }
    }

    /**
     * Unwraps what {@code netIn} holds into {@code appIn}.
     *
     * @return true when something came of it (application bytes, a handshake step or the close)
     */
    private boolean unwrapOnce() throws IOException {
        netIn.flip();
        appIn.compact();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
        switch (result.getStatus()) {
            case BUFFER_OVERFLOW -> {
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                if (netIn.remaining() == 0) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
                }
                return false;
            }
            case CLOSED -> {
                return true;
            }
            default -> {
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            }
        }
    }

    /** After the handshake, TLS may still ask to run a task or to send something of its own. */
    private void answerHandshakeNeeds() throws IOException {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runDelegatedTasks();
        } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            synchronized (writeLock) {
                if (!netOut.hasRemaining()) {
                    wrap(NOTHING);
                }
                flushNetOut();
            }
        }
    }

    @Override
    public boolean write(ByteBuffer[] srcs) throws IOException {
        synchronized (writeLock) {
            if (!flushNetOut()) {
                return false;
            }
            while (hasRemaining(srcs)) {
                wrap(srcs);
                if (!flushNetOut()) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public boolean hasPendingOutput() {
        synchronized (writeLock) {
            return netOut.hasRemaining();
        }
    }

    private void wrap(ByteBuffer[] srcs) throws SSLException {
        netOut.compact();
        try {
            while (true) {
                SSLEngineResult result = engine.wrap(srcs, netOut);
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut.flip();
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize(), true);
                    netOut.compact();
                    continue;
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED && hasRemaining(srcs)) {
                    throw new SSLException("TLS connection closed");
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && hasRemaining(srcs)) {
                    // The engine waits for the peer (a renegotiation the server started): writing
                    // on would spin, and the reader that could answer may be waiting for this write.
                    throw new SSLException("TLS renegotiation is not supported (handshake status "
                            + result.getHandshakeStatus() + ")");
                }
                return;
            }
        } finally {
            netOut.flip();
        }
    }

    private boolean flushNetOut() throws IOException {
        if (netOut.hasRemaining()) {
            channel.write(netOut);
        }
        return !netOut.hasRemaining();
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean hasRemaining(ByteBuffer[] srcs) {
        for (ByteBuffer b : srcs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** A larger copy; {@code readMode} tells whether the buffer holds its data between position and limit. */
    private static ByteBuffer grow(ByteBuffer buffer, int atLeast, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
        if (readMode) {
            bigger.put(buffer).flip();
        } else {
            buffer.flip();
            bigger.put(buffer);
        }
        return bigger;
    }

    @Override
    public void close() {
        try {
            synchronized (writeLock) {
                engine.closeOutbound();
                wrap(NOTHING);
                flushNetOut();
            }
        } catch (IOException ignored) {
            // close_notify is a courtesy; the socket goes either way.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
