package dev.wsengine.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open WebSocket connections: a defence against cross-site WebSocket
 * hijacking that needs no code. Each entry is an origin as browsers send it,
 * {@code scheme://host[:port]}, where the host may start with {@code *.} (any subdomain, not the
 * domain itself) and the port may be {@code *} (any port); {@code *} alone allows every origin.
 *
 * <p>A request without an {@code Origin} header is allowed: browsers always send one, and the
 * attack this guards against needs a browser; other clients can send any origin they like anyway.
 */
public final class AllowedOrigins {

    /** The default: every origin, as the Jakarta WebSocket specification's default configurator. */
    public static final AllowedOrigins ANY = new AllowedOrigins(List.of(), true);

    private final List<Pattern> patterns;
    private final boolean any;

    private AllowedOrigins(List<Pattern> patterns, boolean any) {
        this.patterns = patterns;
        this.any = any;
    }

    /**
     * Parses a list such as {@code https://example.com, https://*.example.com, http://localhost:*}.
     *
     * @throws IllegalArgumentException naming the entry that is not an origin pattern
     */
    public static AllowedOrigins parse(String commaSeparated) {
        List<String> entries = new ArrayList<>();
        for (String entry : commaSeparated.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.strip());
            }
        }
        return of(entries);
    }

    public static AllowedOrigins of(Collection<String> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("An origin allow-list needs at least one entry ('*' allows every origin)");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String entry : entries) {
            if (entry.equals("*")) {
                return ANY;
            }
            patterns.add(Pattern.parse(entry));
        }
        return new AllowedOrigins(List.copyOf(patterns), false);
    }

    /** True for a request with this {@code Origin} header value (null when it has none). */
    public boolean allows(String origin) {
        if (any || origin == null) {
            return true;
        }
        Origin parsed = Origin.parse(origin);
        return parsed != null && patterns.stream().anyMatch(p -> p.matches(parsed));
    }

    @Override
    public String toString() {
        return any ? "*" : patterns.toString();
    }

    /** An origin as sent: scheme, host and port, the port filled in from the scheme when absent. */
    private record Origin(String scheme, String host, int port) {
        static Origin parse(String text) {
            try {
                URI uri = new URI(text.strip());
                String scheme = uri.getScheme();
                String host = uri.getHost();
                if (scheme == null || host == null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())) {
                    return null;
                }
                scheme = scheme.toLowerCase(Locale.ROOT);
                return new Origin(scheme, host.toLowerCase(Locale.ROOT), uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme));
            } catch (java.net.URISyntaxException notAnOrigin) {
                return null; // "null" (an opaque origin) and anything malformed match nothing
            }
        }
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** One allow-list entry: a host starting with "*." matches subdomains; a port of -2 matches any. */
    private record Pattern(String scheme, String host, boolean subdomains, int port) {
        private static final int ANY_PORT = -2;

        static Pattern parse(String entry) {
            String text = entry.strip();
            int schemeEnd = text.indexOf("://");
            if (schemeEnd <= 0) {
                throw invalid(entry, "it has no scheme://");
            }
            String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            String authority = text.substring(schemeEnd + 3);
            if (authority.isEmpty() || authority.contains("/")) {
                throw invalid(entry, "an origin is scheme://host[:port], without a path");
            }
            int port = defaultPort(scheme);
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && !authority.endsWith("]")) {
                String portText = authority.substring(colon + 1);
                authority = authority.substring(0, colon);
                if (portText.equals("*")) {
                    port = ANY_PORT;
                } else {
                    try {
                        port = Integer.parseInt(portText);
                    } catch (NumberFormatException e) {
                        throw invalid(entry, "the port is neither a number nor *");
                    }
                }
            }
            boolean subdomains = authority.startsWith("*.");
            String host = (subdomains ? authority.substring(2) : authority).toLowerCase(Locale.ROOT);
            if (host.isEmpty() || host.contains("*")) {
                throw invalid(entry, "'*' may only stand for the subdomains (*.example.com) or the port (:*)");
            }
            return new Pattern(scheme, host, subdomains, port);
        }

        boolean matches(Origin origin) {
            if (!scheme.equals(origin.scheme()) || (port != ANY_PORT && port != origin.port())) {
                return false;
            }
            return subdomains ? origin.host().endsWith("." + host) : host.equals(origin.host());
        }

        private static IllegalArgumentException invalid(String entry, String why) {
            return new IllegalArgumentException("'" + entry + "' is not an allowed-origin pattern: " + why);
        }

        @Override
        public String toString() {
            return scheme + "://" + (subdomains ? "*." : "") + host + (port == ANY_PORT ? ":*" : ":" + port);
        }
    }
}
