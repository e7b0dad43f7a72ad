package dev.wsengine.tck.summary;

/**
 * One test: class and method. TCK tests are written and printed relative to the TCK's root
 * package ({@code ee.jakarta.websocket.session.WSClientIT#method}), since many TCK classes share
 * a simple name.
 */
public record TestId(String className, String method) implements Comparable<TestId> {

    public static final String TCK_PACKAGE = "com.sun.ts.tests.websocket.";

    public TestId {
        if (className == null || className.isBlank() || method == null || method.isBlank()) {
            throw new IllegalArgumentException("class and method required, got " + className + "#" + method);
        }
    }

    /** Parses {@code class#method}, the class either fully qualified or relative to the TCK package. */
    public static TestId parse(String text) {
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1 || text.indexOf('#', hash + 1) >= 0) {
            throw new IllegalArgumentException("expected class#method, got '" + text + "'");
        }
        String className = text.substring(0, hash);
        if (!className.startsWith(TCK_PACKAGE) && !className.startsWith("dev.")) {
            className = TCK_PACKAGE + className;
        }
        return new TestId(className, text.substring(hash + 1));
    }

    public boolean isTck() {
        return className.startsWith(TCK_PACKAGE);
    }

    /** The TCK area from the package: api, ee, negdep, spec or signature. */
    public String area() {
        if (!isTck()) {
            return "runner";
        }
        String rest = className.substring(TCK_PACKAGE.length());
        String first = rest.substring(0, Math.max(rest.indexOf('.'), 0));
        return first.equals("signaturetest") ? "signature" : first;
    }

    public String shortName() {
        return (isTck() ? className.substring(TCK_PACKAGE.length()) : className) + "#" + method;
    }

    @Override
    public int compareTo(TestId other) {
        int byClass = className.compareTo(other.className);
        return byClass != 0 ? byClass : method.compareTo(other.method);
    }

    @Override
    public String toString() {
        return shortName();
    }
}
