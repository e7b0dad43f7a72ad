package dev.wsengine.benchmarks.abuse;

import dev.wsengine.benchmarks.client.ClientFrames;
import dev.wsengine.benchmarks.client.Handshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One raw client connection, written by hand: non-blocking, so that a peer that never reads can
 * still be driven and a server that never answers cannot hang the probe.
 */
final class Peer implements AutoCloseable {

    /** How a read or a write saw the connection end. */
    enum End { OPEN, FIN, RST }

    final SocketChannel channel;
    final int localPort;
    final FrameTally tally = new FrameTally();
    End end = End.OPEN;
    long endNanos;

    private Peer(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Connects; {@code receiveBuffer} above 0 is set before the connection, as a distant, small-windowed peer. */
    static Peer connect(InetSocketAddress server, int receiveBuffer) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            channel.connect(server);
            channel.configureBlocking(false);
            return new Peer(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Connects and upgrades on {@code path}; fails if no 101 with the right accept value comes within the bound. */
    static Peer open(InetSocketAddress server, String path, int receiveBuffer, long timeoutMillis) throws IOException {
        Peer peer = connect(server, receiveBuffer);
        try {
            Handshake handshake = new Handshake("127.0.0.1:" + server.getPort(), path);
            peer.writeFully(handshake.request().duplicate(), timeoutMillis);
            handshake.check(peer.readHead(timeoutMillis));
            return peer;
        } catch (IOException | RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    /** Writes all of {@code bytes} within the bound, or throws. */
    void writeFully(ByteBuffer bytes, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("write stalled for " + timeoutMillis + " ms with " + bytes.remaining() + " bytes left");
                }
                pause(1);
            }
        }
    }

    /**
     * Reads byte by byte up to the blank line of an HTTP answer (nothing after it is consumed);
     * throws on end of stream or when the bound passes.
     */
    String readHead(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            int n = channel.read(one);
            if (n < 0) {
                throw new IOException("FIN before the answer's end: " + firstLine(head.toString()));
            }
            if (n == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no answer within " + timeoutMillis + " ms: " + firstLine(head.toString()));
                }
                pause(1);
                continue;
            }
            head.append((char) (one.get(0) & 0xFF));
            if (head.length() > 16 * 1024) {
                throw new IOException("answer head over 16 KiB");
            }
        }
        return head.toString();
    }

    static String firstLine(String head) {
        int eol = head.indexOf('\r');
        return eol >= 0 ? head.substring(0, eol) : head;
    }

    /** One masked frame. */
    static ByteBuffer frame(int opcode, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(ClientFrames.frameLength(payload.length));
        ClientFrames.writeMasked(out, opcode, ByteBuffer.wrap(payload), ThreadLocalRandom.current().nextInt());
        return out.flip();
    }

    /**
     * Reads what is there without waiting and tallies it; returns false once the connection has
     * ended (FIN or RST, recorded with its time).
     */
    boolean pump(ByteBuffer scratch) {
        if (end != End.OPEN) {
            return false;
        }
        try {
            while (true) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n < 0) {
                    ended(End.FIN);
                    return false;
                }
                if (n == 0) {
                    return true;
                }
                tally.feed(scratch.flip());
            }
        } catch (SocketException e) {
            ended(End.RST);
            return false;
        } catch (IOException e) {
            ended(End.RST);
            return false;
        }
    }

    void ended(End how) {
        if (end == End.OPEN) {
            end = how;
            endNanos = System.nanoTime();
        }
    }

    /** "Close 1008 + FIN", "RST", "open, nothing": what this peer saw, in a few words. */
    String outcome() {
        StringBuilder s = new StringBuilder();
        if (tally.closeCode >= 0) {
            s.append("Close ").append(tally.closeCode).append(" + ");
        }
        s.append(switch (end) {
            case FIN -> "FIN";
            case RST -> "RST";
            case OPEN -> "still open";
        });
        if (tally.garbage != null) {
            s.append(" (").append(tally.garbage).append(')');
        }
        return s.toString();
    }

    static String text(ByteBuffer bytes) {
        return StandardCharsets.ISO_8859_1.decode(bytes).toString();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket the server already reset.
        }
    }
}
