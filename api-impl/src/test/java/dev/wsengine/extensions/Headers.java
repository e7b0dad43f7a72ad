package dev.wsengine.extensions;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: turns a {@code Sec-WebSocket-Extensions} value into {@link Extension}s the naive
 * way (split on ',', ';' and the first '='), keeping values verbatim, quotes included.
 */
final class Headers {

    private Headers() {
    }

    static List<Extension> extensions(String header) {
        List<Extension> result = new ArrayList<>();
        if (header.isBlank()) {
            return result;
        }
        for (String element : header.split(",")) {
            result.add(extension(element));
        }
        return result;
    }

    static Extension extension(String element) {
        String[] parts = element.split(";");
        List<Extension.Parameter> parameters = new ArrayList<>();
        for (String part : Arrays.asList(parts).subList(1, parts.length)) {
            int eq = part.indexOf('=');
            parameters.add(eq < 0
                    ? new DeflateExtension.Param(part.strip(), null)
                    : new DeflateExtension.Param(part.substring(0, eq).strip(), part.substring(eq + 1).strip()));
        }
        return new DeflateExtension(parts[0].strip(), parameters);
    }

    static byte[] hex(String hex) {
        String[] tokens = hex.strip().split("\\s+");
        byte[] bytes = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            bytes[i] = (byte) Integer.parseInt(tokens[i], 16);
        }
        return bytes;
    }

    static String hex(java.nio.ByteBuffer buffer) {
        StringBuilder sb = new StringBuilder();
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", buffer.get(i) & 0xff));
        }
        return sb.toString();
    }
}
