package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes {@code Sec-WebSocket-Extensions} (RFC 6455 section 9.1): extensions separated
 * by commas, each a token followed by {@code ;}-separated parameters whose values are tokens or
 * quoted strings, over as many header lines as the peer likes.
 */
public final class ExtensionHeader {

    private ExtensionHeader() {
    }

    /** @throws HandshakeException 400 when a value does not follow the grammar */
    public static List<Extension> parse(List<String> headerValues) {
        List<Extension> extensions = new ArrayList<>();
        for (String value : headerValues) {
            Tokenizer t = new Tokenizer(value);
            while (true) {
                t.skipSpaces();
                if (t.atEnd()) {
                    break;
                }
                if (t.peek() == ',') {
                    t.next();
                    continue;
                }
                String name = t.token("extension name");
                List<Extension.Parameter> parameters = new ArrayList<>();
                t.skipSpaces();
                while (!t.atEnd() && t.peek() == ';') {
                    t.next();
                    t.skipSpaces();
                    String param = t.token("parameter name");
                    t.skipSpaces();
                    String paramValue = null;
                    if (!t.atEnd() && t.peek() == '=') {
                        t.next();
                        t.skipSpaces();
                        paramValue = t.peek() == '"' ? t.quoted() : t.token("parameter value");
                        t.skipSpaces();
                    }
                    parameters.add(new WsExtension.Param(param, paramValue));
                }
                extensions.add(new WsExtension(name, parameters));
                t.skipSpaces();
                if (!t.atEnd() && t.next() != ',') {
                    throw HandshakeException.badRequest("Malformed Sec-WebSocket-Extensions: " + value);
                }
            }
        }
        return extensions;
    }

    public static String format(List<? extends Extension> extensions) {
        return extensions.stream().map(e -> WsExtension.of(e).toString()).collect(Collectors.joining(", "));
    }

    static String quoteIfNeeded(String value) {
        if (!value.isEmpty() && value.chars().allMatch(Tokenizer::isTokenChar)) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Walks one header value by the HTTP token and quoted-string rules. */
    static final class Tokenizer {
        private final String text;
        private int at;

        Tokenizer(String text) {
            this.text = text;
        }

        static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        char next() {
            return text.charAt(at++);
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        String token(String what) {
            int start = at;
            while (!atEnd() && isTokenChar(peek())) {
                at++;
            }
            if (start == at) {
                throw HandshakeException.badRequest("Expected a " + what + " at position " + start + " in: " + text);
            }
            return text.substring(start, at);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            next(); // opening quote
            while (!atEnd()) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    c = next();
                }
                value.append(c);
            }
            throw HandshakeException.badRequest("Unterminated quoted string in: " + text);
        }
    }
}
