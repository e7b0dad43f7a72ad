package dev.wsengine.tck.conformance;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One raw TCP connection to the target, driven by a case: the opening handshake, frames out
 * (masked, written as given, broken ones included), and the replies collected and checked for
 * the server's own protocol mistakes. Every wait ends at a deadline.
 */
public final class Probe implements AutoCloseable {

    private static final long MAX_SERVER_FRAME = 64L * 1024 * 1024;

    private final SuiteSettings settings;
    private final Socket socket = new Socket();
    private DeadlineInputStream deadlineIn;
    private BufferedInputStream in;
    private OutputStream out;
    private FrameDecoder decoder;
    private DeflateContext deflate;
    private final Observation seen = new Observation();

    private Received.Kind messageKind;
    private boolean messageCompressed;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private long closeExchangedNanos;

    public Probe(SuiteSettings settings) {
        this.settings = settings;
    }

    public SuiteSettings settings() {
        return settings;
    }

    public UpgradeRequest request() {
        return new UpgradeRequest(settings.target());
    }

    /** Sends {@code request} (and {@code trailing} in the same write) and reads the response head. */
    public HttpHead handshake(UpgradeRequest request, byte[] trailing) throws IOException {
        int port = settings.target().getPort() < 0 ? 80 : settings.target().getPort();
        socket.connect(new InetSocketAddress(settings.target().getHost(), port), 3000);
        socket.setTcpNoDelay(true);
        deadlineIn = new DeadlineInputStream(socket);
        in = new BufferedInputStream(deadlineIn, 65536);
        out = socket.getOutputStream();
        decoder = new FrameDecoder(in, MAX_SERVER_FRAME);
        byte[] head = request.bytes();
        byte[] all = new byte[head.length + trailing.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(trailing, 0, all, head.length, trailing.length);
        out.write(all);
        deadlineIn.deadline(System.nanoTime() + settings.reply().toNanos());
        return HttpHead.read(in);
    }

    /** A plain successful opening handshake, or an IOException saying what went wrong. */
    public void open() throws IOException {
        UpgradeRequest request = request();
        requireAccepted(request, handshake(request, new byte[0]));
    }

    /**
     * Offers the given permessage-deflate elements; when the server accepts one, later frames are
     * compressed and inflated accordingly.
     */
    public DeflateResponseCheck.Result openWithDeflate(List<String> offers) throws IOException {
        return openWithDeflate(offers, false);
    }

    /** The offers as one header line each, or all in one comma-separated line. */
    public DeflateResponseCheck.Result openWithDeflate(List<String> offers, boolean oneLine) throws IOException {
        UpgradeRequest request = request();
        if (oneLine) {
            request.header("Sec-WebSocket-Extensions", String.join(", ", offers));
        } else {
            for (String offer : offers) {
                request.header("Sec-WebSocket-Extensions", offer);
            }
        }
        HttpHead head = handshake(request, new byte[0]);
        requireAccepted(request, head);
        List<DeflateOffer> parsed = offers.stream().map(DeflateOffer::parse).toList();
        DeflateResponseCheck.Result result = DeflateResponseCheck.check(parsed, head.values("Sec-WebSocket-Extensions"));
        if (result.valid() && !result.declined()) {
            int clientBits = result.response().bits(DeflateOffer.CLIENT_BITS);
            deflate = new DeflateContext(result.response().has(DeflateOffer.CLIENT_NO_CONTEXT),
                    result.response().has(DeflateOffer.SERVER_NO_CONTEXT), clientBits < 0 ? 15 : clientBits, MAX_SERVER_FRAME);
        }
        return result;
    }

    static void requireAccepted(UpgradeRequest request, HttpHead head) throws IOException {
        if (head.status() != 101) {
            throw new IOException("handshake refused: " + head.statusLine());
        }
        List<String> accept = head.values("Sec-WebSocket-Accept");
        if (accept.size() != 1 || !accept.get(0).equals(AcceptKey.of(request.key()))) {
            throw new IOException("wrong Sec-WebSocket-Accept " + accept + ", expected " + AcceptKey.of(request.key()));
        }
    }

    public boolean deflating() {
        return deflate != null;
    }

    /** Whether the client may compress with the JDK's 32 KiB window (no client_max_window_bits below 15 agreed). */
    public boolean canCompress() {
        return deflate != null && deflate.clientWindowBits() == 15;
    }

    /** The frames, masked, in one write. A write the server cut off is noted, not thrown. */
    public void send(WireFrame... frames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (WireFrame frame : frames) {
            bytes.writeBytes(FrameEncoder.masked(frame));
        }
        sendRaw(bytes.toByteArray());
    }

    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            if (seen.ioProblem == null) {
                seen.ioProblem = "write failed: " + e.getMessage();
            }
        }
    }

    /** The bytes in writes of {@code chunk} bytes each (TCP_NODELAY is on, so mostly separate segments). */
    public void sendInChunks(byte[] bytes, int chunk) {
        for (int i = 0; i < bytes.length && seen.ioProblem == null; i += chunk) {
            sendRaw(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
        }
    }

    /**
     * A whole message compressed with the negotiated context, in {@code pieces} frames (RSV1 on
     * the first), at most one frame per compressed byte.
     */
    public void sendCompressed(int opcode, byte[] messageBytes, int wantedPieces) {
        byte[] compressed = deflate.compress(messageBytes);
        int pieces = Math.max(1, Math.min(wantedPieces, compressed.length));
        WireFrame[] frames = new WireFrame[pieces];
        int step = Math.max(1, (compressed.length + pieces - 1) / pieces);
        for (int i = 0; i < pieces; i++) {
            int from = Math.min(compressed.length, i * step);
            int to = i == pieces - 1 ? compressed.length : Math.min(compressed.length, from + step);
            byte[] part = java.util.Arrays.copyOfRange(compressed, from, to);
            frames[i] = new WireFrame(i == pieces - 1, i == 0 ? WireFrame.RSV1 : 0, i == 0 ? opcode : Opcode.CONTINUATION, part);
        }
        send(frames);
    }

    public byte[] compress(byte[] messageBytes) {
        return deflate.compress(messageBytes);
    }

    /** Collects replies for {@code expected} within the normal reply time, then grades them. */
    public Verdict expect(Expectation expected) {
        return Grader.grade(expected, await(expected, settings.reply()));
    }

    public Verdict expect(Expectation expected, Duration within) {
        return Grader.grade(expected, await(expected, within));
    }

    /**
     * Reads until the connection has ended as {@code expected} says or {@code within} passes:
     * closes with 1000 once the expected replies are in (normal end), echoes the server's Close,
     * then gives the server {@code closeBound} to close TCP. Calls add up on one connection.
     */
    public Observation await(Expectation expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        seen.timedOut = false;
        maybeClose(expected);
        while (!seen.tcpClosed && !(expected.end() == Expectation.End.OPEN && seen.items.size() >= expected.items().size())) {
            boolean closing = seen.closeSeen && seen.clientCloseSent;
            long until = closing ? closeExchangedNanos + settings.closeBound().toNanos() : deadline;
            WireFrame frame;
            try {
                deadlineIn.deadline(until);
                FrameDecoder.Decoded decoded = decoder.read();
                if (decoded.masked()) {
                    seen.violations.add("server sent a masked " + Opcode.name(decoded.frame().opcode()) + " frame");
                }
                frame = decoded.frame();
            } catch (SocketTimeoutException e) {
                seen.timedOut = !closing;
                break;
            } catch (EOFException e) {
                markTcpClosed();
                break;
            } catch (IOException e) {
                if (seen.closeSeen || isReset(e)) {
                    markTcpClosed();
                } else {
                    seen.ioProblem = "read failed: " + e.getMessage();
                }
                break;
            }
            if (seen.closeSeen) {
                seen.violations.add("server sent a " + Opcode.name(frame.opcode()) + " frame after its Close");
                continue;
            }
            handle(frame);
            if (expected.end() == Expectation.End.OPEN && seen.items.size() >= expected.items().size()) {
                break;
            }
            maybeClose(expected);
        }
        return seen;
    }

    public Observation observation() {
        return seen;
    }

    private static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return m.contains("reset") || m.contains("broken pipe") || m.contains("abort");
    }

    private void markTcpClosed() {
        seen.tcpClosed = true;
        seen.tcpClosedInTime = seen.closeSeen && seen.clientCloseSent
                && System.nanoTime() - closeExchangedNanos <= settings.closeBound().toNanos();
    }

    private void maybeClose(Expectation expected) {
        if (expected.end() == Expectation.End.NORMAL && !seen.clientCloseSent && !seen.closeSeen
                && seen.items.size() >= expected.items().size()) {
            sendClose(WireFrame.close(1000, ""));
        }
        if (expected.end() == Expectation.End.CLIENT_CLOSED) {
            seen.clientCloseSent = true; // the case sent it
        }
    }

    private void sendClose(WireFrame close) {
        seen.clientCloseSent = true;
        send(close);
        if (seen.closeSeen) {
            closeExchangedNanos = System.nanoTime();
        }
    }

    private void handle(WireFrame frame) {
        int op = frame.opcode();
        boolean firstOfMessage = op == Opcode.TEXT || op == Opcode.BINARY;
        int allowedRsv = firstOfMessage && deflate != null ? WireFrame.RSV1 : 0;
        if ((frame.rsv() & ~allowedRsv) != 0) {
            seen.violations.add("server set RSV bits " + frame.rsv() + " on a " + Opcode.name(op) + " frame");
        }
        if (Opcode.isControl(op) && (!frame.fin() || frame.payload().length > 125)) {
            seen.violations.add("server sent an invalid control frame: " + frame);
        }
        switch (op) {
            case Opcode.PING -> send(WireFrame.pong(frame.payload()));
            case Opcode.PONG -> seen.items.add(Received.pong(frame.payload()));
            case Opcode.CLOSE -> onClose(frame);
            case Opcode.TEXT, Opcode.BINARY -> {
                if (messageKind != null) {
                    seen.violations.add("server started a new message inside a fragmented one");
                }
                messageKind = op == Opcode.TEXT ? Received.Kind.TEXT : Received.Kind.BINARY;
                messageCompressed = (frame.rsv() & WireFrame.RSV1) != 0;
                message.reset();
                data(frame);
            }
            case Opcode.CONTINUATION -> {
                if (messageKind == null) {
                    seen.violations.add("server sent a continuation frame outside a message");
                } else {
                    data(frame);
                }
            }
            default -> seen.violations.add("server sent reserved opcode " + op);
        }
    }

    private void data(WireFrame frame) {
        message.writeBytes(frame.payload());
        if (!frame.fin()) {
            return;
        }
        byte[] bytes = message.toByteArray();
        Received.Kind kind = messageKind;
        messageKind = null;
        if (messageCompressed) {
            try {
                bytes = deflate.decompress(bytes);
            } catch (IOException e) {
                seen.violations.add(e.getMessage());
                return;
            }
        }
        if (kind == Received.Kind.TEXT && !isUtf8(bytes)) {
            seen.violations.add("server sent a text message that is not UTF-8");
        }
        seen.items.add(new Received(kind, bytes));
    }

    private void onClose(WireFrame frame) {
        seen.closeSeen = true;
        byte[] payload = frame.payload();
        if (payload.length == 1) {
            seen.violations.add("server's Close has a 1-byte payload");
        }
        seen.closeCode = frame.closeCode();
        seen.closeReason = frame.closeReason();
        int code = seen.closeCode;
        if (payload.length >= 2 && !CloseCodes.mayBeSent(code)) {
            seen.violations.add("server's Close carries code " + code + ", which must not be sent");
        }
        if (!isUtf8(seen.closeReason)) {
            seen.violations.add("server's Close reason is not UTF-8");
        }
        if (seen.clientCloseSent) {
            closeExchangedNanos = System.nanoTime();
        } else {
            sendClose(code < 0 || !CloseCodes.mayBeSent(code) ? WireFrame.closeRaw(new byte[0]) : WireFrame.close(code, ""));
        }
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
        if (deflate != null) {
            deflate.close();
        }
    }
}
