package dev.wsengine.benchmarks.harness;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerPortsTest {

    @Test
    void picksAFreePortBelowTheEphemeralRange() throws Exception {
        int port = ServerPorts.pick();
        assertTrue(port < ServerPorts.ephemeralLow(), port + " is in the ephemeral range");
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(s.isBound());
        }
    }

    @Test
    void aPortHeldOnLoopbackIsNotFree() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertFalse(ServerPorts.isFree(held.getLocalPort()));
        }
    }
}
