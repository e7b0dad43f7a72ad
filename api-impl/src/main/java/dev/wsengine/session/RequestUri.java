package dev.wsengine.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * A session's request URI, kept as the text the handshake saw and parsed only when someone asks.
 * Most endpoints never call {@code getRequestURI()}, and parsing a URI per handshake was some 4%
 * of a handshake's server CPU (JFR, ours on Jetty).
 *
 * <p>Parsing is lenient where {@link URI} is strict and servlet containers are not: browsers send
 * characters such as {@code {}|^`} unencoded in a query (the WHATWG URL standard leaves them), the
 * container accepts the request, and a strict parse would turn a good connection into an
 * exception. Those characters are percent-encoded before parsing; everything else, including
 * existing {@code %} escapes, is kept as it came.
 */
public final class RequestUri {

    private final String text;
    /** Written at most once with an equal value by whichever thread parses first. */
    private volatile URI parsed;

    private RequestUri(String text, URI parsed) {
        this.text = text;
        this.parsed = parsed;
    }

    /** An already parsed URI, as the client has. */
    public static RequestUri of(URI uri) {
        return new RequestUri(uri.toString(), uri);
    }

    /** A URI as received, to be parsed on first use. */
    public static RequestUri parseLater(String text) {
        return new RequestUri(Objects.requireNonNull(text, "text"), null);
    }

    /**
     * The parsed URI.
     *
     * @throws IllegalArgumentException if the text is not a URI even after encoding the characters
     *                                  that {@link URI} refuses but browsers send
     */
    public URI get() {
        URI uri = parsed;
        if (uri == null) {
            uri = parse(text);
            parsed = uri;
        }
        return uri;
    }

    static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException strict) {
            try {
                return new URI(encodeRefused(text));
            } catch (URISyntaxException lenient) {
                throw new IllegalArgumentException("Not a URI: " + text, lenient);
            }
        }
    }

    /** Percent-encodes the ASCII characters {@link URI} accepts nowhere; others stay as they are. */
    static String encodeRefused(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7F || "\"<>\\^`{|}".indexOf(c) >= 0) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
