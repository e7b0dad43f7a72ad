package dev.wsengine.benchmarks.harness;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts one server's class path out of the module's whole runtime class path, so that a process
 * holds only its own implementation: no ServiceLoader or initializer scan can find another's.
 */
public final class ServerClasspath {

    private static final Pattern JAR = Pattern.compile("(.+?)-\\d[^/]*\\.jar");

    private ServerClasspath() {
    }

    /** The artifact id of a class path entry: a jar's name without its version, or a module's folder for target/classes. */
    static String artifactOf(String entry) {
        File file = new File(entry);
        Matcher m = JAR.matcher(file.getName());
        if (m.matches()) {
            return m.group(1);
        }
        if (file.getName().equals("classes") && file.getParentFile() != null && file.getParentFile().getParentFile() != null) {
            return file.getParentFile().getParentFile().getName();
        }
        return file.getName();
    }

    /**
     * The entries of {@code fullClasspath} that {@code kind} may see, after {@code ownClasses};
     * fails if one of its artifacts is missing, so a renamed dependency cannot go unnoticed.
     */
    public static String forServer(ServerKind kind, String ownClasses, String fullClasspath) {
        List<String> picked = new ArrayList<>();
        picked.add(ownClasses);
        Set<String> wanted = new java.util.HashSet<>(kind.artifacts);
        wanted.addAll(ServerKind.COMMON);
        Set<String> found = new java.util.HashSet<>();
        for (String entry : fullClasspath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            String artifact = artifactOf(entry);
            if (wanted.contains(artifact)) {
                picked.add(entry);
                found.add(artifact);
            }
        }
        wanted.removeAll(found);
        if (!wanted.isEmpty()) {
            throw new IllegalStateException(kind.id + ": not on the class path: " + wanted);
        }
        return String.join(File.pathSeparator, picked);
    }
}
