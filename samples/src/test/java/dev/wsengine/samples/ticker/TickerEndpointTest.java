package dev.wsengine.samples.ticker;

import dev.wsengine.samples.SampleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticker through the JDK's WebSocket client: subscriptions per symbol and pushed prices. */
class TickerEndpointTest {

    private SampleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SampleServer("127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void pushesPricesOfTheSubscribedSymbolsOnly() throws Exception {
        Subscriber s = connect();
        s.send("{\"action\":\"subscribe\",\"symbol\":\"GLOBEX\"}");
        // A first tick may overtake the answer: the subscription is in place before it is sent.
        String first = s.next();
        if (first.contains("\"price\"")) {
            first = s.next();
        }
        assertEquals("{\"type\":\"subscribed\",\"detail\":\"GLOBEX\"}", first);
        for (int i = 0; i < 3; i++) {
            String update = s.next();
            assertTrue(update.matches("\\{\"type\":\"price\",\"symbol\":\"GLOBEX\",\"price\":[0-9.]+}"), update);
        }
        s.send("{\"action\":\"subscribe\",\"symbol\":\"ACME\"}");
        boolean sawAcme = false;
        for (int i = 0; i < 20 && !sawAcme; i++) {
            sawAcme = s.next().contains("\"symbol\":\"ACME\"");
        }
        assertTrue(sawAcme, "ACME prices follow its subscription");

        s.send("{\"action\":\"unsubscribe\",\"symbol\":\"GLOBEX\"}");
        String m;
        do {
            m = s.next();
        } while (!m.contains("unsubscribed"));
        // After the answer to the unsubscription, only ACME comes.
        for (int i = 0; i < 4; i++) {
            String update = s.next();
            assertTrue(update.contains("\"symbol\":\"ACME\""), update);
        }
    }

    @Test
    void answersUnknownSymbolsAndCommandsWithAnError() throws Exception {
        Subscriber s = connect();
        s.send("{\"action\":\"subscribe\",\"symbol\":\"NOPE\"}");
        assertEquals("{\"type\":\"error\",\"detail\":\"Unknown symbol NOPE\"}", s.next());
        s.send("{\"action\":\"dance\"}");
        assertTrue(s.next().startsWith("{\"type\":\"error\""));
    }

    private Subscriber connect() throws Exception {
        Subscriber s = new Subscriber();
        s.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ticker"), s).get(10, TimeUnit.SECONDS);
        return s;
    }

    static final class Subscriber implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        WebSocket socket;

        void send(String json) throws Exception {
            socket.sendText(json, true).get(10, TimeUnit.SECONDS);
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

        String next() throws InterruptedException {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("No message within 10 s");
            }
            return m;
        }
    }
}
