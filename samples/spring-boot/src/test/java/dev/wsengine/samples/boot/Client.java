package dev.wsengine.samples.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own WebSocket client, which no one here wrote, recording what it receives as lines:
 * {@code text ...}, {@code binary <n> bytes}, {@code close <code>}.
 */
final class Client implements WebSocket.Listener {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private int binaryBytes;
    WebSocket socket;

    static Client connect(URI uri) throws Exception {
        Client client = new Client();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(10, TimeUnit.SECONDS);
    }

    String next() throws InterruptedException {
        String event = events.poll(20, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("Nothing received within 20 s");
        }
        return event;
    }

    /** The next event that contains {@code part}, skipping others (join notices, say). */
    String nextContaining(String part) throws InterruptedException {
        while (true) {
            String event = next();
            if (event.contains(part)) {
                return event;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add("text " + text);
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        binaryBytes += data.remaining();
        if (last) {
            events.add("binary " + binaryBytes + " bytes");
            binaryBytes = 0;
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add("close " + statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add("error " + error);
    }
}
