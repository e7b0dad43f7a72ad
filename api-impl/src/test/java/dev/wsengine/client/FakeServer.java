package dev.wsengine.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A server on a bare socket that answers one handshake however a test likes, including wrongly.
 * The answer function gets the request head and returns the raw response (or null to say nothing).
 */
final class FakeServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;
    volatile Socket accepted;

    FakeServer(Function<String, String> answer, boolean closeAfterAnswer) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            try {
                Socket s = socket.accept();
                accepted = s;
                String request = readHead(s.getInputStream());
                String response = answer.apply(request);
                if (response != null) {
                    s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                }
                if (closeAfterAnswer) {
                    Thread.sleep(100);
                    s.close();
                }
            } catch (IOException | InterruptedException ignored) {
                // The test decides what counts.
            }
        }, "fake-server");
        thread.setDaemon(true);
        thread.start();
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + path);
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The Sec-WebSocket-Key of a request head. */
    static String key(String requestHead) {
        for (String line : requestHead.split("\r\n")) {
            if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("No key in " + requestHead);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (accepted != null) {
            accepted.close();
        }
    }
}
