package dev.wsengine.session;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestUriTest {

    @Test
    void parsesOnFirstUseAndKeepsTheResult() {
        RequestUri uri = RequestUri.parseLater("ws://localhost:8080/chat/lobby?a=1&b=2");
        URI first = uri.get();
        assertEquals("/chat/lobby", first.getPath());
        assertEquals("a=1&b=2", first.getQuery());
        assertEquals(8080, first.getPort());
        assertSame(first, uri.get());
    }

    @Test
    void encodesWhatBrowsersSendUnencodedButUriRefuses() {
        // Browsers leave { } | ^ ` unencoded in a query (WHATWG URL); java.net.URI refuses them.
        URI uri = RequestUri.parseLater("ws://h/feed?filter={\"a\":1}|^`").get();
        assertEquals("filter=%7B%22a%22:1%7D%7C%5E%60", uri.getRawQuery());
        assertEquals("filter={\"a\":1}|^`", uri.getQuery());
    }

    @Test
    void keepsExistingEscapesAndNonAsciiAsTheyCame() {
        URI uri = RequestUri.parseLater("ws://h/a%20b/caf\u00e9?q=x%26y z").get();
        assertEquals("/a%20b/caf\u00e9", uri.getRawPath());
        assertEquals("q=x%26y%20z", uri.getRawQuery());
        assertEquals("/a b/caf\u00e9", uri.getPath());
    }

    @Test
    void textThatIsNoUriEvenWhenEncodedFailsWithTheText() {
        RequestUri uri = RequestUri.parseLater("ws://h/x%zz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, uri::get);
        assertEquals("Not a URI: ws://h/x%zz", e.getMessage());
    }

    @Test
    void anAlreadyParsedUriIsReturnedItself() {
        URI given = URI.create("wss://example.com/x");
        RequestUri uri = RequestUri.of(given);
        assertSame(given, uri.get());
        assertEquals("wss://example.com/x", uri.toString());
    }
}
