package dev.wsengine.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK java.net.http.WebSocket connection for the samples' tests: whole text messages in order,
 * then "close CODE" when the server closes.
 */
public final class TextListener implements WebSocket.Listener {

    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    public WebSocket socket;

    public static TextListener connect(URI uri) throws Exception {
        TextListener listener = new TextListener();
        listener.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, listener)
                .get(10, TimeUnit.SECONDS);
        return listener;
    }

    public void send(String message) throws Exception {
        socket.sendText(message, true).get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        messages.add("close " + code);
        return null;
    }

    public String next() throws InterruptedException {
        String m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("No message within 10 s");
        }
        return m;
    }
}
