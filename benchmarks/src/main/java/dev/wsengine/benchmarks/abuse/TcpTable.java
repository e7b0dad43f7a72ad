package dev.wsengine.benchmarks.abuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's view of loopback connections to one server port ({@code /proc/net/tcp}): the state
 * of the server's side of each, keyed by the client's port. It tells when a server ended a
 * connection even while its FIN waits behind data the client has not read: its side leaves
 * ESTABLISHED (FIN_WAIT1 after close or shutdown, gone after an RST).
 */
final class TcpTable {

    static final int ESTABLISHED = 0x01;
    /** Java's sockets are IPv6 ones unless told otherwise, so loopback IPv4 connections can be in either table. */
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private TcpTable() {
    }

    /** Client port → state of the server's socket on that connection; connections absent are not listed. */
    static Map<Integer, Integer> serverSides(int serverPort) {
        Map<Integer, Integer> states = new HashMap<>();
        for (Path table : TABLES) {
            read(table, serverPort, states);
        }
        return states;
    }

    private static void read(Path table, int serverPort, Map<Integer, Integer> states) {
        try {
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":") || f[0].startsWith("sl")) {
                    continue;
                }
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                if (local == serverPort) {
                    states.put(remote, Integer.parseInt(f[3], 16));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + table, e);
        }
    }

    static String name(int state) {
        return switch (state) {
            case 0x01 -> "ESTABLISHED";
            case 0x02 -> "SYN_SENT";
            case 0x03 -> "SYN_RECV";
            case 0x04 -> "FIN_WAIT1";
            case 0x05 -> "FIN_WAIT2";
            case 0x06 -> "TIME_WAIT";
            case 0x07 -> "CLOSE";
            case 0x08 -> "CLOSE_WAIT";
            case 0x09 -> "LAST_ACK";
            case 0x0B -> "CLOSING";
            default -> "state " + state;
        };
    }
}
