package dev.wsengine.handshake;

import java.util.List;
import java.util.Map;

/**
 * Read access to a message's headers: every value of a header, its name matched
 * case-insensitively, one element per header line; empty when absent. Lets the handshake code
 * read a servlet request, our {@code UpgradeRequest} or a parsed client response alike.
 */
@FunctionalInterface
public interface HeaderLookup {

    List<String> values(String name);

    /** A lookup over {@code headers}, whatever the case of its keys. */
    static HeaderLookup of(Map<String, List<String>> headers) {
        return name -> {
            List<String> direct = headers.get(name);
            if (direct != null) {
                return direct;
            }
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue() == null ? List.of() : e.getValue();
                }
            }
            return List.of();
        };
    }
}
