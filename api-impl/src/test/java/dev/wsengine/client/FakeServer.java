package dev.wsengine.client;

import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.testsupport.HttpHead;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A server on a bare socket that answers one handshake however a test likes, including wrongly.
 * The answer function gets the request head and returns the raw response, in ISO-8859-1 so that
 * frame bytes can follow the head (or null to say nothing at all). The request head it got is
 * kept in {@link #request}; {@link HttpHead} reads it.
 */
final class FakeServer implements AutoCloseable {

    /** What happens after the answer. */
    enum After { KEEP_OPEN, CLOSE, READ_UNTIL_CLIENT_CLOSES }

    final CompletableFuture<HttpHead> request = new CompletableFuture<>();
    private final ServerSocket socket;
    private volatile Socket accepted;

    FakeServer(Function<String, String> answer, After after) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try {
                Socket s = socket.accept();
                accepted = s;
                HttpHead head = HttpHead.read(s.getInputStream());
                request.complete(head);
                String response = answer.apply(head.text());
                if (response != null) {
                    s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                }
                switch (after) {
                    case CLOSE -> s.close();
                    case READ_UNTIL_CLIENT_CLOSES -> s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    case KEEP_OPEN -> { }
                }
            } catch (IOException e) {
                request.completeExceptionally(e);
            }
        }, "fake-server");
        thread.setDaemon(true);
        thread.start();
    }

    URI uri(String path) {
        return uri("ws", path);
    }

    URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + path);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** A correct 101 for the request, with extra header lines. */
    static String upgrade(String requestHead, String... extraHeaders) {
        StringBuilder answer = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                + AcceptKey.forKey(new HttpHead(requestHead).header("Sec-WebSocket-Key")) + "\r\n");
        for (String h : extraHeaders) {
            answer.append(h).append("\r\n");
        }
        return answer.append("\r\n").toString();
    }

    /** An unmasked server frame with a payload under 126 bytes, as ISO-8859-1 text. */
    static String frame(int opcode, String payload) {
        return (char) (0x80 | opcode) + String.valueOf((char) payload.length()) + payload;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Socket s = accepted;
        if (s != null) {
            s.close();
        }
    }
}
