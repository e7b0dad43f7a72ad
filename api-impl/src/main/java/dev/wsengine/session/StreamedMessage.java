package dev.wsengine.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.Reader;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.ArrayDeque;

/**
 * One text or binary message handed to the application as a {@link Reader} or {@link InputStream}
 * while its frames are still arriving: the session's read path puts the pieces in, the
 * application's method takes them out on an executor thread.
 *
 * <p>Memory is bounded by what the reader has not taken yet. The read path asks
 * {@link #mustWait()} after each piece and stops reading from the connection while it holds
 * {@link #WINDOW} bytes or more ({@link InboundWindow}); once the reader has brought it down to half
 * of that, {@code onSpace} lets reading go on. A single piece may still overshoot the window by one
 * transport read, or by the output of one inflated frame; past {@link #HARD_LIMIT} the read path
 * itself waits for the reader ({@link #push} blocks), which only a compressed message of extreme
 * ratio reaches.
 *
 * <p>The message ends for the reader in one of three ways: its last frame arrived ({@link #end}),
 * reading then ends at end-of-stream; the connection failed or the message was refused
 * ({@link #fail}), the reader then throws {@link IOException}; or the application's method
 * returned ({@link #methodReturned}), after which the stream is closed and whatever else of the
 * message arrives is read and dropped.
 */
final class StreamedMessage {

    /** Bytes (for text, two per char) the read path may put in before it stops reading. */
    static final int WINDOW = 64 * 1024;
    /** Bytes past which the read path itself waits for the reader. */
    static final int HARD_LIMIT = 4 * WINDOW;

    private final boolean text;
    private final Runnable onSpace;
    private final ArrayDeque<Buffer> pieces = new ArrayDeque<>();
    private long buffered;
    private boolean ended;
    private IOException failure;
    /** The reader closed the stream, or the method returned: nothing more is kept. */
    private boolean closed;
    private boolean methodReturned;
    /** True while {@link #mustWait()} said yes and {@code onSpace} has not been called since. */
    private boolean waitedOn;

    /**
     * @param onSpace called (from the reader's thread, without locks) when the read path, which
     *                stopped because of this message, may go on
     */
    StreamedMessage(boolean text, Runnable onSpace) {
        this.text = text;
        this.onSpace = onSpace;
    }

    Reader reader() {
        return new MessageReader();
    }

    InputStream inputStream() {
        return new MessageInputStream();
    }

    // ------------------------------------------------------------------ read path

    /** The next bytes of a binary message; copied, so {@code bytes} may be reused. */
    void push(ByteBuffer bytes) throws InterruptedIOException {
        if (bytes.hasRemaining()) {
            add(ByteBuffer.allocate(bytes.remaining()).put(bytes).flip());
        }
    }

    /** The next decoded characters of a text message. */
    void push(CharSequence chars) throws InterruptedIOException {
        if (chars.length() > 0) {
            add(CharBuffer.wrap(chars.toString()));
        }
    }

    private synchronized void add(Buffer piece) throws InterruptedIOException {
        while (!closed && failure == null && buffered >= HARD_LIMIT) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the reader of a streamed message");
            }
        }
        if (closed || failure != null) {
            return; // nobody will read it
        }
        pieces.add(piece);
        buffered += sizeOf(piece);
        notifyAll();
    }

    /** The message's last frame arrived. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The reader throws {@code cause} at its next read; what it has not taken yet is dropped. */
    synchronized void fail(IOException cause) {
        if (failure == null && !ended) {
            failure = cause;
            pieces.clear();
            buffered = 0;
        }
        notifyAll();
    }

    /**
     * True while the read path must not go on: the window is full, or the message has ended and
     * the method reading it has not returned (the next message, or the Close, waits for it).
     * A yes is remembered, so that the reader calls {@code onSpace} once it is no longer true.
     */
    synchronized boolean mustWait() {
        boolean wait = !methodReturned && (ended || buffered >= WINDOW);
        waitedOn |= wait;
        return wait;
    }

    /** The application's method returned (or threw): the stream is closed, the read path may go on. */
    void methodReturned() {
        synchronized (this) {
            methodReturned = true;
            closeNow();
        }
        onSpace.run();
    }

    /** Closes the stream for the reader without letting the read path go on yet. */
    synchronized void closeNow() {
        closed = true;
        pieces.clear();
        buffered = 0;
        notifyAll();
    }

    /** Bytes held for the reader: what this message costs in memory now. */
    synchronized long bufferedBytes() {
        return buffered;
    }

    // ------------------------------------------------------------------ reader side

    /**
     * The next piece with something left in it, waiting for one; null at the end of the message.
     * Called with this object's lock held.
     */
    private Buffer nextPiece() throws IOException {
        while (true) {
            if (closed) {
                throw new IOException("The " + (text ? "Reader" : "InputStream")
                        + " of this message is closed (closed by the application, or its method returned)");
            }
            Buffer head = pieces.peek();
            if (head != null) {
                return head;
            }
            if (failure != null) {
                throw new IOException(failure.getMessage(), failure);
            }
            if (ended) {
                return null;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while waiting for the next frame of the message");
            }
        }
    }

    /** Accounts for {@code taken} units read from the head piece; tells the read path when there is room again. */
    private void took(Buffer head, int taken) {
        boolean wake;
        synchronized (this) {
            if (!head.hasRemaining()) {
                pieces.poll();
            }
            buffered -= (long) taken * (text ? 2 : 1);
            wake = takeWake();
            notifyAll(); // a read path waiting at the hard limit
        }
        if (wake) {
            onSpace.run();
        }
    }

    /** True, once, when the read path waited on this message and has room again. */
    private boolean takeWake() {
        boolean wake = waitedOn && buffered < WINDOW / 2;
        if (wake) {
            waitedOn = false;
        }
        return wake;
    }

    /** The application closed the stream before its end: the rest of the message is read and dropped. */
    private void closedByReader() {
        boolean wake;
        synchronized (this) {
            closeNow();
            wake = !ended && takeWake();
        }
        if (wake) {
            onSpace.run();
        }
    }

    private long sizeOf(Buffer piece) {
        return (long) piece.remaining() * (text ? 2 : 1);
    }

    private final class MessageInputStream extends InputStream {

        /** Without an array per byte: decoders and DataInputStream read a byte at a time. */
        @Override
        public int read() throws IOException {
            ByteBuffer head;
            int b;
            synchronized (StreamedMessage.this) {
                head = (ByteBuffer) nextPiece();
                if (head == null) {
                    return -1;
                }
                b = head.get() & 0xff;
            }
            took(head, 1);
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            ByteBuffer head;
            int n;
            synchronized (StreamedMessage.this) {
                head = (ByteBuffer) nextPiece();
                if (head == null) {
                    return -1;
                }
                n = Math.min(length, head.remaining());
                head.get(into, offset, n);
            }
            took(head, n);
            return n;
        }

        @Override
        public int available() {
            synchronized (StreamedMessage.this) {
                Buffer head = pieces.peek();
                return head == null ? 0 : head.remaining();
            }
        }

        @Override
        public void close() {
            closedByReader();
        }
    }

    private final class MessageReader extends Reader {

        @Override
        public int read(char[] into, int offset, int length) throws IOException {
            java.util.Objects.checkFromIndexSize(offset, length, into.length);
            if (length == 0) {
                return 0;
            }
            CharBuffer head;
            int n;
            synchronized (StreamedMessage.this) {
                head = (CharBuffer) nextPiece();
                if (head == null) {
                    return -1;
                }
                n = Math.min(length, head.remaining());
                head.get(into, offset, n);
            }
            took(head, n);
            return n;
        }

        @Override
        public boolean ready() {
            synchronized (StreamedMessage.this) {
                return !pieces.isEmpty();
            }
        }

        @Override
        public void close() {
            closedByReader();
        }
    }
}
