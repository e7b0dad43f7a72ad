package dev.wsengine.tck.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input where every read gives up at one deadline (not a timeout per read, which a
 * server trickling bytes could stretch without end).
 */
final class DeadlineInputStream extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private long deadlineNanos = Long.MAX_VALUE;

    DeadlineInputStream(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    void deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    private void arm() throws IOException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }
}
