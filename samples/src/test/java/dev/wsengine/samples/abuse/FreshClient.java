package dev.wsengine.samples.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A client that is not ours, the JDK's: how long a newcomer waits for its handshake and for the
 * echo of one 1 KiB text message while the server is under attack.
 */
final class FreshClient {

    /** What a newcomer got: both times in milliseconds. */
    record Served(long handshakeMs, long echoMs) {
        long totalMs() {
            return handshakeMs + echoMs;
        }

        @Override
        public String toString() {
            return "handshake " + handshakeMs + " ms, echo " + echoMs + " ms";
        }
    }

    private FreshClient() {
    }

    /** Connects to {@code /echo}, sends 1 KiB of text and waits for it back; fails after {@code timeoutSeconds} each. */
    static Served echo(int port, int timeoutSeconds) throws Exception {
        String text = "x".repeat(1024);
        CompletableFuture<String> reply = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();
        long start = System.nanoTime();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        received.append(data);
                        if (last) {
                            reply.complete(received.toString());
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        reply.completeExceptionally(error);
                    }
                }).get(timeoutSeconds, TimeUnit.SECONDS);
        long open = System.nanoTime();
        try {
            socket.sendText(text, true).get(timeoutSeconds, TimeUnit.SECONDS);
            String back = reply.get(timeoutSeconds, TimeUnit.SECONDS);
            if (!back.equals(text)) {
                throw new AssertionError("not an echo: " + back.length() + " characters");
            }
            long end = System.nanoTime();
            return new Served((open - start) / 1_000_000, (end - open) / 1_000_000);
        } finally {
            socket.abort();
        }
    }
}
