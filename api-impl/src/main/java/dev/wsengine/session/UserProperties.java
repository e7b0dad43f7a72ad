package dev.wsengine.session;

import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The user-property maps of sessions and of their per-session configurations: thread-safe, and
 * holding null values, which applications store (so not a {@code ConcurrentHashMap}). A map that
 * would start empty, as it does for most endpoints, is made only when first asked for: two empty
 * maps are 160 bytes on every open connection.
 */
public final class UserProperties {

    /** A configuration whose copy of the properties may not have been made yet. */
    public interface Source {
        /** The copy if it was made, else null: the properties it would start with are then none. */
        Map<String, Object> userPropertiesIfMade();
    }

    private UserProperties() {
    }

    /** A copy of {@code source}, or null when it is null or empty. */
    public static Map<String, Object> copyOrNull(Map<String, Object> source) {
        if (source == null) {
            return null;
        }
        // Holding its monitor makes the copy safe against a synchronizedMap being changed meanwhile.
        synchronized (source) {
            return source.isEmpty() ? null : Collections.synchronizedMap(new HashMap<>(source));
        }
    }

    /**
     * The map in {@code holder}'s {@code Map} field, which {@code field} accesses; when the field
     * is null an empty map is set there first, once, whichever thread asks.
     */
    public static Map<String, Object> get(VarHandle field, Object holder) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) field.getAcquire(holder);
        if (map != null) {
            return map;
        }
        return SetOnce.set(field, holder, Collections.synchronizedMap(new HashMap<>()));
    }
}
