package dev.wsengine.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cuts one server's class path out of the module's whole runtime class path, so that a process
 * holds only its own implementation: no ServiceLoader or initializer scan can find another's.
 */
public final class ServerClasspath {

    private static final Pattern JAR = Pattern.compile("(.+?)-\\d[^/]*\\.jar");
    /** Beside {@code target/classes}: the jars the pom copies for {@link ServerKind#pinned}. */
    static final String PINNED_FOLDER = "pinned";

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
     * The entries of {@code fullClasspath} that {@code kind} may see, after {@code ownClasses}, with its
     * pinned artifacts from the {@value #PINNED_FOLDER} folder beside {@code ownClasses}; fails if one of
     * its artifacts is missing, so a renamed dependency cannot go unnoticed.
     */
    public static String forServer(ServerKind kind, String ownClasses, String fullClasspath) {
        return forServer(kind, ownClasses, fullClasspath, kind.pinned.isEmpty() ? List.of() : pinnedJars(ownClasses));
    }

    static String forServer(ServerKind kind, String ownClasses, String fullClasspath, List<String> pinnedJars) {
        List<String> picked = new ArrayList<>();
        picked.add(ownClasses);
        Set<String> wanted = new HashSet<>(kind.artifacts);
        wanted.addAll(ServerKind.COMMON);
        wanted.removeAll(kind.pinned);
        Set<String> missing = new HashSet<>(wanted);
        missing.addAll(kind.pinned);
        for (String entry : fullClasspath.split(File.pathSeparator)) {
            if (!entry.isBlank() && wanted.contains(artifactOf(entry))) {
                picked.add(entry);
                missing.remove(artifactOf(entry));
            }
        }
        for (String jar : pinnedJars) {
            if (kind.pinned.contains(artifactOf(jar))) {
                picked.add(jar);
                missing.remove(artifactOf(jar));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(kind.id + ": not on the class path: " + missing
                    + (kind.pinned.isEmpty() ? "" : " (pinned " + kind.pinned + " come from " + PINNED_FOLDER + "/ beside the classes)"));
        }
        return String.join(File.pathSeparator, picked);
    }

    private static List<String> pinnedJars(String ownClasses) {
        Path folder = Path.of(ownClasses).resolveSibling(PINNED_FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).map(p -> p.toAbsolutePath().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
