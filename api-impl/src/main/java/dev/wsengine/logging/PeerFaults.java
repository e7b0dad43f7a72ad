package dev.wsengine.logging;

import dev.wsengine.framing.ProtocolViolation;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

/**
 * Tells failures a remote peer can cause at will (bad frames, resets, timeouts of a peer that does
 * not read) from failures of the application or of the engine. The first are a DEBUG line each:
 * anyone on the network can produce them, and an operator can do nothing about one of them.
 */
public final class PeerFaults {

    private PeerFaults() {
    }

    /**
     * What the engine gives {@code onError} when it ends a connection for its peer's conduct or for
     * load (a backlog the peer filled, a container over its buffer budget): counted in the metrics,
     * one DEBUG line in the log.
     */
    public static IOException dropped(String reason) {
        return new DroppedByServer(reason);
    }

    private static final class DroppedByServer extends IOException {
        DroppedByServer(String reason) {
            super(reason);
        }
    }

    /** True when {@code failure}, or a cause of it, is the peer's doing or the network's. */
    public static boolean causedByPeer(Throwable failure) {
        Throwable t = failure;
        // Bounded: a chain of causes may loop back on itself.
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof ProtocolViolation || isConnectionFailure(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a connection's end looks like from the JDK and the containers. Not every IOException:
     * one the application's own code throws (a file it cannot read) is the operator's business.
     */
    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof DroppedByServer || t instanceof SocketException || t instanceof SocketTimeoutException
                || t instanceof ClosedChannelException || t instanceof EOFException) {
            return true;
        }
        // The JDK's SocketChannel reports a reset or a broken pipe as a plain IOException.
        String message = t.getMessage();
        return t.getClass() == IOException.class && message != null
                && (message.contains("reset by peer") || message.contains("Broken pipe"));
    }
}
