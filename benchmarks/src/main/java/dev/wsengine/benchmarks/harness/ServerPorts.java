package dev.wsengine.benchmarks.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers under test, chosen below the kernel's ephemeral range. A port the kernel
 * hands out for "any free port" is one the load client's own connections also get as their local
 * ports, and after the handshake figure thousands of those sit in TIME_WAIT: a server that binds
 * the wildcard address without SO_REUSEADDR (Tyrus's Grizzly) then fails with "Address already in use".
 */
public final class ServerPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private ServerPorts() {
    }

    /** A port below the ephemeral range that nothing holds on any address right now. */
    public static int pick() throws IOException {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + below);
    }

    static int ephemeralLow() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Math.max(LOWEST + 1_000, Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** Binds the wildcard address without SO_REUSEADDR, as the strictest server under test does. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
