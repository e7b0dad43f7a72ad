package dev.wsengine.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * {@code getSendStream()}: one binary message written as a stream. Bytes are sent as a fragment
 * whenever the buffer fills; {@link #close()} sends the last fragment.
 */
final class SendStream extends OutputStream {

    private final BasicRemote remote;
    private final byte[] buffer;
    private int count;
    private boolean closed;

    SendStream(BasicRemote remote, int bufferSize) {
        this.remote = remote;
        this.buffer = new byte[Math.max(1024, Math.min(bufferSize, 64 * 1024))];
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            sendFragment(false);
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (count == buffer.length) {
                sendFragment(false);
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (count > 0) {
            sendFragment(false);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            sendFragment(true);
        }
    }

    private void sendFragment(boolean last) throws IOException {
        remote.sendBinary(ByteBuffer.wrap(buffer, 0, count), last);
        count = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The send stream is closed");
        }
    }
}
