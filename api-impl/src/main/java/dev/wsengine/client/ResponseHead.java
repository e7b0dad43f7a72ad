package dev.wsengine.client;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status line and headers of an HTTP/1.1 response (the handshake's answer, or a proxy's
 * answer to CONNECT), read from the wire during the connect phase. Bytes that came after the
 * head belong to the WebSocket and are kept in {@link #leftover}.
 */
final class ResponseHead {

    private static final int MAX_HEAD = 64 * 1024;

    final int status;
    final String reason;
    /** Header names matched case-insensitively; every value of a repeated header kept. */
    final Map<String, List<String>> headers;
    final ByteBuffer leftover;

    private ResponseHead(int status, String reason, Map<String, List<String>> headers, ByteBuffer leftover) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.leftover = leftover;
    }

    /** The headers as {@code HandshakeResponse.getHeaders()} shows them to a configurator. */
    Map<String, List<String>> headersView() {
        return Collections.unmodifiableMap(headers);
    }

    List<String> values(String name) {
        return headers.getOrDefault(name, List.of());
    }

    static ResponseHead read(Wire wire, Deadline deadline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            int end = endOfHead(buffer);
            if (end >= 0) {
                buffer.flip();
                String head = StandardCharsets.ISO_8859_1.decode(buffer.slice(0, end)).toString();
                ByteBuffer leftover = ByteBuffer.allocate(buffer.limit() - end - 4);
                leftover.put(buffer.slice(end + 4, leftover.capacity())).flip();
                return parse(head, leftover);
            }
            if (!buffer.hasRemaining()) {
                if (buffer.capacity() >= MAX_HEAD) {
                    throw new ProtocolException("HTTP response head longer than " + MAX_HEAD + " bytes");
                }
                buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
            }
            int n = wire.read(buffer);
            if (n < 0) {
                throw new EOFException("Connection closed before the HTTP response head was complete");
            }
            if (n == 0) {
                deadline.awaitReadable(wire.channel());
            }
        }
    }

    /** Index of the CRLFCRLF that ends the head among the bytes written so far, or -1. */
    private static int endOfHead(ByteBuffer writing) {
        for (int i = 0; i + 3 < writing.position(); i++) {
            if (writing.get(i) == '\r' && writing.get(i + 1) == '\n' && writing.get(i + 2) == '\r'
                    && writing.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    static ResponseHead parse(String head, ByteBuffer leftover) throws ProtocolException {
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new ProtocolException("Not an HTTP response: " + lines[0]);
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new ProtocolException("Bad HTTP status line: " + lines[0]);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("Bad HTTP header line: " + lines[i]);
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        return new ResponseHead(status, statusLine.length > 2 ? statusLine[2] : "", headers, leftover);
    }
}
