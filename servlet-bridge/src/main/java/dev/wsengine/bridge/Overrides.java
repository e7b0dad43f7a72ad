package dev.wsengine.bridge;

/** Whether a container's stream class brings its own version of a method the Servlet API defaults. */
final class Overrides {

    private Overrides() {
    }

    /** True when {@code type} or a superclass below {@code base} declares the method itself. */
    static boolean declares(Class<?> type, Class<?> base, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters).getDeclaringClass() != base;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
