package dev.wsengine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The head of an HTTP/1.1 request or response as it came off a socket: the start line and the
 * header lines up to and including the empty line, in ISO-8859-1. Parsed here by hand, with none of
 * the engine's handshake classes, so a test that reads it is a peer we did not write.
 */
public record HttpHead(String text) {

    /** Heads larger than this are refused: a peer that sends one is broken, not slow. */
    public static final int MAX_BYTES = 16_384;

    /**
     * Reads a head byte by byte, so that no byte behind the empty line (a frame sent in the same
     * write) is taken from {@code in}.
     *
     * @throws EOFException when the stream ends inside the head; the message shows what came
     */
    public static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("The connection ended inside the HTTP head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            if (head.size() == MAX_BYTES) {
                throw new IOException("An HTTP head over " + MAX_BYTES + " bytes");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return new HttpHead(head.toString(StandardCharsets.ISO_8859_1));
    }

    /** The first line: {@code GET /path HTTP/1.1} or {@code HTTP/1.1 101 Switching Protocols}. */
    public String startLine() {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    /** The status code of a response head. */
    public int status() {
        return Integer.parseInt(startLine().split(" ")[1]);
    }

    /** The header fields in order, names as sent, values trimmed. */
    public List<Map.Entry<String, String>> fields() {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        String[] lines = text.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                fields.add(new AbstractMap.SimpleImmutableEntry<>(lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim()));
            }
        }
        return fields;
    }

    /** Every value of a header, the name matched case-insensitively, in order. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> field : fields()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                values.add(field.getValue());
            }
        }
        return values;
    }

    /** The first value of a header, the name matched case-insensitively, or null. */
    public String header(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.get(0);
    }
}
