package dev.wsengine.samples.ticker;

import dev.wsengine.samples.SampleServer;
import dev.wsengine.samples.TextListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ticker through the JDK's WebSocket client: subscriptions per symbol and pushed prices. */
class TickerEndpointIT {

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
        TextListener s = connect();
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
        TextListener s = connect();
        s.send("{\"action\":\"subscribe\",\"symbol\":\"NOPE\"}");
        assertEquals("{\"type\":\"error\",\"detail\":\"Unknown symbol NOPE\"}", s.next());
        s.send("{\"action\":\"dance\"}");
        assertTrue(s.next().startsWith("{\"type\":\"error\""));
    }

    private TextListener connect() throws Exception {
        return TextListener.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ticker"));
    }
}
