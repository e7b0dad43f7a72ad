package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One permessage-deflate element of a Sec-WebSocket-Extensions header (an offer or a response):
 * its parameters in order, a parameter without value mapped to null.
 */
public record DeflateOffer(String name, Map<String, String> params, List<String> duplicates) {

    public static final String NAME = "permessage-deflate";
    public static final String SERVER_NO_CONTEXT = "server_no_context_takeover";
    public static final String CLIENT_NO_CONTEXT = "client_no_context_takeover";
    public static final String SERVER_BITS = "server_max_window_bits";
    public static final String CLIENT_BITS = "client_max_window_bits";

    /** Parses {@code permessage-deflate; a; b=1} (value quotes removed, names lower-cased). */
    public static DeflateOffer parse(String element) {
        String[] parts = element.split(";");
        Map<String, String> params = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(part.substring(eq + 1).trim());
            if (params.containsKey(key)) {
                duplicates.add(key);
            }
            params.put(key, value);
        }
        return new DeflateOffer(parts[0].trim().toLowerCase(Locale.ROOT), params, duplicates);
    }

    /** Parses every element of the header's lines (elements split at commas). */
    public static List<DeflateOffer> parseAll(List<String> headerLines) {
        List<DeflateOffer> out = new ArrayList<>();
        for (String line : headerLines) {
            for (String element : line.split(",")) {
                if (!element.isBlank()) {
                    out.add(parse(element));
                }
            }
        }
        return out;
    }

    public boolean has(String param) {
        return params.containsKey(param);
    }

    /** The parameter's value as window bits, -1 when absent or without value, 0 when not 8..15. */
    public int bits(String param) {
        String value = params.get(param);
        if (value == null) {
            return -1;
        }
        try {
            int bits = Integer.parseInt(value);
            return bits >= 8 && bits <= 15 && value.equals(Integer.toString(bits)) ? bits : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name);
        params.forEach((k, v) -> text.append("; ").append(k).append(v == null ? "" : "=" + v));
        return text.toString();
    }
}
