package dev.wsengine.endpoint;

import jakarta.websocket.DecodeException;

import java.util.Map;

/**
 * Text to Java primitives and their boxes, for {@code @OnMessage} parameters and {@code @PathParam}s,
 * with the results the spec asks for: those of the box's one-String constructor (no trimming).
 */
final class Primitives {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class, char.class, Character.class,
            int.class, Integer.class, long.class, Long.class, float.class, Float.class, double.class, Double.class);

    private Primitives() {
    }

    static boolean isPrimitiveOrBox(Class<?> type) {
        return BOXES.containsKey(type) || BOXES.containsValue(type); // not void
    }

    /** String, a primitive or a box: the types a {@code @PathParam} may have. */
    static boolean isPathParamType(Class<?> type) {
        return type == String.class || isPrimitiveOrBox(type);
    }

    static Object fromText(Class<?> type, String text) throws DecodeException {
        if (type == String.class) {
            return text;
        }
        Class<?> box = type.isPrimitive() ? BOXES.get(type) : type;
        if (text == null) {
            if (type.isPrimitive()) {
                throw new DecodeException((String) null, "No value for a " + type.getName());
            }
            return null;
        }
        try {
            if (box == Boolean.class) {
                // The spec asks for what new Boolean(text) gives: true for "true" in any case, else false.
                return Boolean.valueOf(text);
            }
            if (box == Character.class) {
                if (text.length() != 1) {
                    throw new DecodeException(text, "Not a single character: '" + text + "'");
                }
                return text.charAt(0);
            }
            if (box == Byte.class) {
                return Byte.valueOf(text);
            }
            if (box == Short.class) {
                return Short.valueOf(text);
            }
            if (box == Integer.class) {
                return Integer.valueOf(text);
            }
            if (box == Long.class) {
                return Long.valueOf(text);
            }
            if (box == Float.class) {
                return Float.valueOf(text);
            }
            if (box == Double.class) {
                return Double.valueOf(text);
            }
        } catch (NumberFormatException e) {
            throw new DecodeException(text, "Not a " + type.getName() + ": '" + text + "'", e);
        }
        throw new IllegalArgumentException("Not a primitive type: " + type);
    }
}
