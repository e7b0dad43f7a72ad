package dev.wsengine.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request path (as sent, percent-encoded) into the decoded segments endpoint paths are
 * matched against: ';' path parameters (such as {@code ;jsessionid=...}) are dropped from each
 * segment, dot segments are resolved (RFC 3986 section 5.2.4), then each segment is
 * percent-decoded as UTF-8. Decoding happens after splitting, so an encoded slash ({@code %2F})
 * stays inside its segment. '+' is a plain character in a path, not a space.
 */
final class RequestPath {

    private RequestPath() {
    }

    /**
     * The decoded segments of {@code rawPath}, or null when it cannot be a path we serve: not
     * starting with '/', a malformed escape, bytes that are not UTF-8, or dot segments climbing
     * above the root. An empty path counts as "/". A trailing '/' yields a final empty segment,
     * so {@code /a/} has the segments {@code ["a", ""]} and {@code /} has {@code [""]}.
     */
    static List<String> segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        if (rawPath.charAt(0) != '/') {
            return null;
        }
        List<String> raw = split(rawPath);
        List<String> resolved = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String segment = stripPathParameters(raw.get(i));
            boolean last = i == raw.size() - 1;
            if (segment.equals(".")) {
                if (last) {
                    resolved.add("");
                }
            } else if (segment.equals("..")) {
                if (resolved.isEmpty()) {
                    return null;
                }
                resolved.remove(resolved.size() - 1);
                if (last) {
                    resolved.add("");
                }
            } else {
                resolved.add(segment);
            }
        }
        List<String> decoded = new ArrayList<>(resolved.size());
        for (String segment : resolved) {
            String d = percentDecode(segment);
            if (d == null) {
                return null;
            }
            decoded.add(d);
        }
        if (decoded.isEmpty()) {
            decoded.add("");
        }
        return decoded;
    }

    /** The segments after the leading '/', keeping empty ones ("/a//b/" gives a, "", b, ""). */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            if (slash < 0) {
                out.add(path.substring(start));
                return out;
            }
            out.add(path.substring(start, slash));
            start = slash + 1;
        }
    }

    private static String stripPathParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    /** Percent-decodes {@code s} as UTF-8; null when an escape is malformed or the bytes are not UTF-8. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
