package dev.wsengine.benchmarks.streaming;

import dev.wsengine.benchmarks.client.ClientFrames;
import dev.wsengine.benchmarks.client.Handshake;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One binary message sent over a raw socket in fragments, and the server's answer to it. A reader
 * thread watches the connection from the handshake on, so a Close the server sends while the
 * message is still being written is seen; a watchdog closes the socket when the bound passes, so a
 * server that stops reading cannot hang the bench.
 */
final class StreamTransfer {

    /** How the transfer ended: {@code reply} is the text answer, else {@code outcome} says what came instead. */
    record Result(boolean answered, String reply, String outcome, double seconds) {
    }

    private StreamTransfer() {
    }

    /** Sends {@code repeats} copies of {@code pattern} as one message, in fragments of {@code fragment} bytes. */
    static Result run(InetSocketAddress server, byte[] pattern, int repeats, int fragment, long timeoutMillis)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeoutMillis);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            Handshake handshake = new Handshake("127.0.0.1:" + server.getPort(), "/stream");
            ByteBuffer request = handshake.request().duplicate();
            out.write(request.array(), request.position(), request.remaining());
            handshake.check(readHead(in));

            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread reader = new Thread(() -> readAnswer(new DataInputStream(in), answer), "stream-reader");
            reader.setDaemon(true);
            reader.start();
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(timeoutMillis);
                    answer.complete("no answer within " + timeoutMillis + " ms");
                    socket.close();
                } catch (InterruptedException | IOException e) {
                    // Interrupted: the transfer ended in time.
                }
            }, "stream-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();

            long start = System.nanoTime();
            String writeFailure = null;
            try {
                writeMessage(out, pattern, repeats, fragment, answer);
            } catch (IOException e) {
                writeFailure = "write failed after " + String.format("%.1f s", (System.nanoTime() - start) / 1e9) + ": " + e;
            }
            String got;
            try {
                got = answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
                got = "no answer: " + e;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            watchdog.interrupt();
            if (got.startsWith("text ")) {
                sendClose(out);
                return new Result(true, got.substring(5), writeFailure == null ? "answered" : writeFailure, seconds);
            }
            return new Result(false, null, writeFailure == null ? got : got + "; " + writeFailure, seconds);
        }
    }

    private static void writeMessage(OutputStream out, byte[] pattern, int repeats, int fragment,
            CompletableFuture<String> answer) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(ClientFrames.frameLength(fragment));
        ByteBuffer source = ByteBuffer.wrap(pattern);
        long total = (long) pattern.length * repeats;
        long sent = 0;
        while (sent < total && !answer.isDone()) {
            int from = (int) (sent % pattern.length);
            int length = (int) Math.min(fragment, Math.min(total - sent, pattern.length - from));
            boolean last = sent + length == total;
            frame.clear();
            ClientFrames.writeMasked(frame, sent == 0 ? ClientFrames.BINARY : ClientFrames.CONTINUATION, last,
                    source.duplicate().position(from).limit(from + length), ThreadLocalRandom.current().nextInt());
            out.write(frame.array(), 0, frame.position());
            sent += length;
        }
    }

    /** Completes {@code answer} with "text ..." for a text message, or with what the server did instead. */
    private static void readAnswer(DataInputStream in, CompletableFuture<String> answer) {
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (length > 1 << 20) {
                    answer.complete("a frame of " + length + " bytes from the server (opcode " + (b0 & 0x0F) + ")");
                    return;
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = b0 & 0x0F;
                if (opcode == ClientFrames.TEXT) {
                    answer.complete("text " + new String(payload, StandardCharsets.UTF_8));
                    return;
                }
                if (opcode == ClientFrames.CLOSE) {
                    String code = payload.length >= 2 ? Integer.toString(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)) : "without code";
                    String reason = payload.length > 2 ? " \"" + new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) + "\"" : "";
                    answer.complete("Close " + code + reason);
                    return;
                }
                // Pings and anything else: not the answer.
            }
        } catch (EOFException e) {
            answer.complete("FIN without a Close");
        } catch (SocketTimeoutException e) {
            answer.complete("no answer (read timed out)");
        } catch (IOException e) {
            answer.complete("connection ended: " + e.getMessage());
        }
    }

    private static void sendClose(OutputStream out) {
        try {
            ByteBuffer close = ClientFrames.close(1000, ThreadLocalRandom.current().nextInt());
            out.write(close.array(), 0, close.limit());
        } catch (IOException e) {
            // The answer is in; how the connection ends afterwards is not measured.
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] bytes;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("FIN before the handshake's answer ended: " + head);
            }
            head.write(b);
            bytes = head.toByteArray();
            if (Handshake.headEnd(bytes, bytes.length) > 0) {
                return new String(bytes, StandardCharsets.US_ASCII);
            }
            if (bytes.length > 16 * 1024) {
                throw new IOException("handshake answer over 16 KiB");
            }
        }
    }
}
