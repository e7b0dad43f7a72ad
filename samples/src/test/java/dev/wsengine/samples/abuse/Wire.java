package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** What a raw-socket peer sees on the wire: the handshake's answer, and how the server ends the conversation. */
final class Wire {

    /** How a connection ended: the Close frame's code (-1: none came), what TCP did next, and when. */
    record Ending(int closeCode, String tcp, long afterMs) {
        boolean closedCleanly(int code) {
            return closeCode == code && tcp.equals("FIN");
        }

        @Override
        public String toString() {
            return (closeCode < 0 ? "no Close frame" : "Close " + closeCode) + ", then " + tcp + " after " + afterMs + " ms";
        }
    }

    private Wire() {
    }

    /** An upgraded connection to {@code path}; fails unless the answer is 101. */
    static RawSocket upgraded(int port, String path, String... headers) throws IOException {
        RawSocket socket = RawSocket.connect(port);
        socket.sendRaw(RawSocket.webSocketRequest(path, port, headers), new byte[0]);
        HttpHead head = socket.readHead();
        if (head.status() != 101) {
            socket.close();
            throw new IOException("Handshake refused: " + head.startLine());
        }
        return socket;
    }

    /** Status of the answer to a handshake for {@code path} with {@code headers}. */
    static int handshakeStatus(int port, String path, String... headers) throws IOException {
        try (RawSocket socket = RawSocket.connect(port)) {
            socket.sendRaw(RawSocket.webSocketRequest(path, port, headers), new byte[0]);
            return socket.readHead().status();
        }
    }

    /**
     * Reads frames (skipping data and pongs) until a Close, then what follows it: the end of the
     * stream (FIN), a reset, or nothing within the socket's timeout. {@code startNanos} dates the ending.
     */
    static Ending ending(RawSocket socket, long startNanos) {
        int code = -1;
        try {
            while (true) {
                RawFrame.Received frame = RawFrame.read(socket.input(), 1L << 26);
                if (frame.opcode() == RawFrame.CLOSE) {
                    code = frame.closeCode();
                    break;
                }
            }
            long closeAt = System.nanoTime();
            String tcp = socket.input().read() < 0 ? "FIN" : "more bytes";
            return new Ending(code, tcp, (closeAt - startNanos) / 1_000_000);
        } catch (SocketTimeoutException e) {
            return new Ending(code, "timeout", (System.nanoTime() - startNanos) / 1_000_000);
        } catch (EOFException e) {
            return new Ending(code, "FIN", (System.nanoTime() - startNanos) / 1_000_000);
        } catch (SocketException e) {
            return new Ending(code, "RST", (System.nanoTime() - startNanos) / 1_000_000);
        } catch (IOException e) {
            return new Ending(code, e.toString(), (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    /** Writes {@code bytes}; a server that has already closed may refuse the rest, which is its right. */
    static void sendQuietly(RawSocket socket, byte[] bytes) {
        try {
            socket.send(bytes);
        } catch (IOException closedMeanwhile) {
            // the answer is read from the wire next
        }
    }
}
