package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and formats {@code Sec-WebSocket-Extensions} (RFC 6455 section 9.1):
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 * Lists may span several header lines and contain empty elements; optional whitespace is allowed
 * around every separator. A quoted-string value is unescaped ({@code \x} stands for {@code x}).
 * RFC 6455 asks senders to put only token characters inside quotes; we accept any unescaped
 * content on receipt and quote on output whenever the value is not a token.
 */
public final class ExtensionHeader {

    private ExtensionHeader() {
    }

    /**
     * Every extension of every header line, in order.
     *
     * @throws HandshakeException 400 when a line breaks the grammar
     */
    public static List<Extension> parse(List<String> headerLines) {
        List<Extension> out = new ArrayList<>();
        for (String line : headerLines) {
            if (line != null) {
                new Parser(line, out).parseList();
            }
        }
        return out;
    }

    public static List<Extension> parse(String headerValue) {
        return parse(List.of(headerValue));
    }

    /** The header value for {@code extensions}, comma-separated; empty string for none. */
    public static String format(List<? extends Extension> extensions) {
        StringBuilder sb = new StringBuilder();
        for (Extension e : extensions) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            appendExtension(sb, e);
        }
        return sb.toString();
    }

    public static String format(Extension extension) {
        StringBuilder sb = new StringBuilder();
        appendExtension(sb, extension);
        return sb.toString();
    }

    /** {@code value} as a token when it is one, otherwise as a quoted-string. */
    static String formatValue(String value) {
        if (HttpTokens.isToken(value)) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    private static void appendExtension(StringBuilder sb, Extension e) {
        sb.append(e.getName());
        if (e.getParameters() == null) {
            return;
        }
        for (Extension.Parameter p : e.getParameters()) {
            sb.append("; ").append(p.getName());
            if (p.getValue() != null) {
                sb.append('=').append(formatValue(p.getValue()));
            }
        }
    }

    /** A cursor over one header line. */
    private static final class Parser {
        private final String s;
        private final List<Extension> out;
        private int pos;

        Parser(String s, List<Extension> out) {
            this.s = s;
            this.out = out;
        }

        void parseList() {
            while (true) {
                skipWhitespace();
                if (atEnd()) {
                    return;
                }
                if (peek() == ',') {
                    pos++; // empty list element
                    continue;
                }
                out.add(parseExtension());
                skipWhitespace();
                if (atEnd()) {
                    return;
                }
                if (peek() != ',') {
                    throw fail("expected ',' or ';' at index " + pos);
                }
                pos++;
            }
        }

        private Extension parseExtension() {
            String name = token("extension name");
            List<Extension.Parameter> params = new ArrayList<>();
            skipWhitespace();
            while (!atEnd() && peek() == ';') {
                pos++;
                skipWhitespace();
                String paramName = token("parameter name of " + name);
                skipWhitespace();
                String value = null;
                if (!atEnd() && peek() == '=') {
                    pos++;
                    skipWhitespace();
                    value = !atEnd() && peek() == '"' ? quotedString() : token("value of parameter " + paramName);
                    skipWhitespace();
                }
                params.add(new WsExtension.Param(paramName, value));
            }
            return new WsExtension(name, params);
        }

        private String token(String what) {
            int start = pos;
            while (!atEnd() && HttpTokens.isTokenChar(peek())) {
                pos++;
            }
            if (start == pos) {
                throw fail("expected " + what + " at index " + pos);
            }
            return s.substring(start, pos);
        }

        private String quotedString() {
            int open = pos++;
            StringBuilder sb = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    throw fail("control character in quoted string at index " + (pos - 1));
                }
                sb.append(c);
            }
            throw fail("unterminated quoted string starting at index " + open);
        }

        private void skipWhitespace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= s.length();
        }

        private char peek() {
            return s.charAt(pos);
        }

        private HandshakeException fail(String problem) {
            return HandshakeException.badRequest("Malformed " + HeaderNames.SEC_WEBSOCKET_EXTENSIONS + " header: "
                    + problem + " in '" + s + "'");
        }
    }
}
