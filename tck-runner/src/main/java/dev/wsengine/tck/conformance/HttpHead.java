package dev.wsengine.tck.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of an HTTP/1.1 response, read byte by byte up to the empty line so
 * that not one byte of what follows (the first frames) is consumed.
 */
public record HttpHead(String statusLine, int status, Map<String, List<String>> headers) {

    static final int MAX_HEAD = 16 * 1024;

    public static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + head.size() + " bytes of the response head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return parse(head.toString(StandardCharsets.ISO_8859_1));
    }

    public static HttpHead parse(String text) throws IOException {
        String[] lines = text.split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: '" + statusLine + "'", e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpHead(statusLine, status, headers);
    }

    /** Every value of a header (name in any case), each line as sent. */
    public List<String> values(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The comma-separated elements of every line of a header, trimmed, empty ones dropped. */
    public List<String> elements(String name) {
        List<String> out = new ArrayList<>();
        for (String line : values(name)) {
            for (String element : line.split(",")) {
                if (!element.isBlank()) {
                    out.add(element.trim());
                }
            }
        }
        return out;
    }

    public boolean hasToken(String name, String token) {
        return elements(name).stream().anyMatch(e -> e.equalsIgnoreCase(token));
    }
}
