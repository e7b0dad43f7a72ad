package dev.wsengine.bridge;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An upgraded connection under the test's control, with the non-blocking rules of the Servlet API:
 * the test plays the container, queues input and calls the listeners itself.
 */
final class FakeConnection implements WebConnection {

    /** How a container's own {@code read(ByteBuffer)}, if any, leaves the buffer. */
    enum BufferReads { DEFAULT, SPEC_STYLE_OVERRIDE, CHANNEL_STYLE_OVERRIDE }

    final Input in;
    final Output out = new Output();
    volatile boolean closed;

    FakeConnection(BufferReads bufferReads) {
        this.in = switch (bufferReads) {
            case DEFAULT -> new Input();
            case SPEC_STYLE_OVERRIDE -> new SpecStyleInput();
            case CHANNEL_STYLE_OVERRIDE -> new ChannelStyleInput();
        };
    }

    @Override
    public ServletInputStream getInputStream() {
        return in;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return out;
    }

    @Override
    public void close() {
        closed = true;
    }

    static class Input extends ServletInputStream {
        private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
        private boolean eof;
        ReadListener listener;
        int readCalls;

        synchronized void offer(byte[] chunk) {
            chunks.add(chunk);
        }

        synchronized void endOfStream() {
            eof = true;
        }

        @Override
        public synchronized boolean isFinished() {
            return eof && chunks.isEmpty();
        }

        @Override
        public synchronized boolean isReady() {
            return !chunks.isEmpty() || eof;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            this.listener = readListener;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the transport reads in bulk");
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            readCalls++;
            byte[] chunk = chunks.poll();
            if (chunk == null) {
                if (eof) {
                    return -1;
                }
                throw new IllegalStateException("read while not ready");
            }
            int n = Math.min(len, chunk.length);
            System.arraycopy(chunk, 0, b, off, n);
            if (n < chunk.length) {
                chunks.addFirst(java.util.Arrays.copyOfRange(chunk, n, chunk.length));
            }
            return n;
        }
    }

    /** Overrides read(ByteBuffer) the way the Servlet API specifies: position kept, limit moved. */
    static final class SpecStyleInput extends Input {
        @Override
        public int read(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            int n = read(b, 0, b.length);
            if (n > 0) {
                int position = buffer.position();
                buffer.put(b, 0, n).position(position).limit(position + n);
            }
            return n;
        }
    }

    /** Overrides read(ByteBuffer) like a channel: position moved past the bytes read. */
    static final class ChannelStyleInput extends Input {
        @Override
        public int read(ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            int n = read(b, 0, b.length);
            if (n > 0) {
                buffer.put(b, 0, n);
            }
            return n;
        }
    }

    /**
     * Accepts every write, like a container's non-blocking stream; {@link #ready} says whether
     * {@code isReady()} is true, and the test calls {@code onWritePossible} when it turns it back on.
     */
    static class Output extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean ready = true;
        /** Turns not-ready after this many more writes; negative: never. */
        volatile int blockAfterWrites = -1;
        WriteListener listener;
        int flushes;
        int arrayWrites;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            this.listener = writeListener;
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the transport writes in bulk");
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (!ready) {
                throw new IllegalStateException("write while not ready");
            }
            arrayWrites++;
            written.write(b, off, len);
            if (blockAfterWrites > 0 && --blockAfterWrites == 0) {
                ready = false;
            }
        }

        @Override
        public void flush() {
            if (!ready) {
                throw new IllegalStateException("flush while not ready");
            }
            flushes++;
        }

        void becomeReady() throws IOException {
            ready = true;
            listener.onWritePossible();
        }

        synchronized byte[] bytes() {
            return written.toByteArray();
        }
    }
}
