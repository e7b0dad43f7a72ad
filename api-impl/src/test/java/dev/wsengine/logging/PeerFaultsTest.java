package dev.wsengine.logging;

import dev.wsengine.framing.CloseCodes;
import dev.wsengine.framing.ProtocolViolation;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerFaultsTest {

    @Test
    void whatThePeerOrTheNetworkDoes() {
        assertTrue(PeerFaults.causedByPeer(new ProtocolViolation(CloseCodes.PROTOCOL_ERROR, "bad frame")));
        assertTrue(PeerFaults.causedByPeer(new SocketException("Connection reset")));
        assertTrue(PeerFaults.causedByPeer(new SocketTimeoutException("peer not reading")));
        assertTrue(PeerFaults.causedByPeer(new ClosedChannelException()));
        assertTrue(PeerFaults.causedByPeer(new EOFException()));
        assertTrue(PeerFaults.causedByPeer(new IOException("Connection reset by peer")));
        assertTrue(PeerFaults.causedByPeer(new IOException("Broken pipe")));
        assertTrue(PeerFaults.causedByPeer(new RuntimeException("wrapped", new SocketException("reset"))));
        assertTrue(PeerFaults.causedByPeer(PeerFaults.dropped("Over the container's buffer budget")));
    }

    @Test
    void whatTheApplicationDoes() {
        assertFalse(PeerFaults.causedByPeer(new IllegalStateException("bug")));
        assertFalse(PeerFaults.causedByPeer(new FileNotFoundException("/data/missing")));
        assertFalse(PeerFaults.causedByPeer(new IOException("disk full")));
        assertFalse(PeerFaults.causedByPeer(null));
    }

    @Test
    void aLoopOfCausesEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(PeerFaults.causedByPeer(a));
    }
}
