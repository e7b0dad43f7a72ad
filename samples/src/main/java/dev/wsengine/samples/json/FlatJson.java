package dev.wsengine.samples.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for flat objects whose values are strings or numbers, all the samples exchange:
 * {@code {"type":"message","name":"ann","text":"hi"}}. The JDK has no JSON, and a library would be
 * the samples' only dependency for a few lines. Numbers are read as their text.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** Writes the entries in order; values that are {@link Number}s go out unquoted. */
    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, ?> e : object.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(e.getKey(), out);
            out.append(':');
            Object v = e.getValue();
            if (v instanceof Number) {
                out.append(v);
            } else {
                quote(String.valueOf(v), out);
            }
        }
        return out.append('}').toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not one flat object */
    public static Map<String, String> read(String json) {
        return new Reader(json).object();
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters must be escaped; so are < and > for pages that embed the text.
                    if (c < 0x20 || c == '<' || c == '>' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A small recursive-descent reader for one object of string and number values. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, String> object() {
            Map<String, String> result = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    String key = string();
                    expect(':');
                    result.put(key, value());
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected , or }");
                    }
                }
            }
            if (peek() != 0) {
                throw error("unexpected text after the object");
            }
            return result;
        }

        private String value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && "+-.0123456789eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("expected a string or a number");
            }
            return s.substring(start, i);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException bad) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private char next() {
            char c = peek();
            if (c == 0) {
                throw error("unexpected end");
            }
            i++;
            return c;
        }

        /** The next character after white space, or 0 at the end. */
        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length() ? s.charAt(i) : 0;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Not a flat JSON object (" + what + " at " + i + "): " + s);
        }
    }
}
