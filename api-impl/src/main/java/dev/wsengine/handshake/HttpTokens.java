package dev.wsengine.handshake;

import java.util.ArrayList;
import java.util.List;

/** The HTTP token grammar (RFC 7230 section 3.2.6) and comma-separated header lists. */
public final class HttpTokens {

    private HttpTokens() {
    }

    /** tchar: visible ASCII except the separators. */
    public static boolean isTokenChar(char c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The elements of a comma-separated list spread over any number of header lines, trimmed,
     * empty elements dropped (HTTP allows them), in order.
     */
    public static List<String> listElements(List<String> headerLines) {
        List<String> out = new ArrayList<>();
        for (String line : headerLines) {
            if (line == null) {
                continue;
            }
            for (String part : line.split(",")) {
                String trimmed = part.strip();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    /**
     * True when any list element of the header lines equals {@code token}, ignoring case. Scans in
     * place rather than through {@link #listElements}: it runs several times per handshake.
     */
    public static boolean containsToken(List<String> headerLines, String token) {
        for (String line : headerLines) {
            if (line != null && lineContainsToken(line, token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean lineContainsToken(String line, String token) {
        int start = 0;
        while (start <= line.length()) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? line.length() : comma;
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(line.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && line.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }
}
