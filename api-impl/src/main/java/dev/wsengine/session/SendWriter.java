package dev.wsengine.session;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code getSendWriter()}: one text message written as a character stream. Characters are sent
 * as a fragment whenever the buffer fills; {@link #close()} sends the last fragment. As the API
 * requires, a writer closed without any write sends nothing.
 */
final class SendWriter extends Writer {

    private final BasicRemote remote;
    private final char[] buffer;
    private int count;
    private boolean written;
    private boolean closed;

    SendWriter(BasicRemote remote, int bufferSize) {
        this.remote = remote;
        this.buffer = new char[Math.max(1024, Math.min(bufferSize, 64 * 1024))];
    }

    @Override
    public void write(char[] chars, int off, int len) throws IOException {
        ensureOpen();
        java.util.Objects.checkFromIndexSize(off, len, chars.length);
        written = true;
        while (len > 0) {
            if (count == buffer.length) {
                sendFragment(false);
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(chars, off, buffer, count, n);
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
        if (closed) {
            return;
        }
        closed = true;
        if (written) {
            sendFragment(true);
        }
    }

    /** A surrogate pair split by the buffer edge is carried over by the sender. */
    private void sendFragment(boolean last) throws IOException {
        remote.sendText(new String(buffer, 0, count), last);
        count = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("The send writer is closed");
        }
    }
}
