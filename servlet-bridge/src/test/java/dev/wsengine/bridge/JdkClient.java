package dev.wsengine.bridge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own WebSocket client, a peer no one here wrote, recording what it receives as lines:
 * {@code text ...}, {@code binary <n> bytes}, {@code close <code> <reason>}, {@code error ...}.
 */
final class JdkClient implements WebSocket.Listener {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);
    WebSocket socket;

    static JdkClient connect(URI uri, String... subprotocols) throws Exception {
        JdkClient client = new JdkClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        client.socket = builder.buildAsync(uri, client).get(10, TimeUnit.SECONDS);
        return client;
    }

    String next() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("Nothing received within 10 s");
        }
        return event;
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
        ByteBuffer grown = ByteBuffer.allocate(binary.remaining() + data.remaining());
        grown.put(binary).put(data).flip();
        binary = grown;
        if (last) {
            events.add("binary " + binary.remaining() + " bytes");
            binaries.add(binary);
            binary = ByteBuffer.allocate(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        events.add("pong " + message.remaining());
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add("close " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add("error " + error);
    }
}
