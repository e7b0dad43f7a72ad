package dev.wsengine.tck.undertow;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A web application's class loader as the Servlet specification describes it (what Tomcat's and
 * Jetty's do by default; embedded Undertow leaves class loading to its user): the WAR's
 * {@code WEB-INF/classes} and {@code WEB-INF/lib/*.jar} first, then the parent, except for the
 * platform and the Jakarta APIs, which always come from the parent so that the container and the
 * application share them.
 */
final class WebAppClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String[] PARENT_FIRST = {"java.", "javax.", "jakarta.", "jdk.", "sun."};

    private WebAppClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    /** The loader of the WAR expanded at {@code webApp}. */
    static WebAppClassLoader of(String name, Path webApp, ClassLoader parent) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = webApp.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            urls.add(classes.toUri().toURL());
        }
        for (Path jar : libraries(webApp)) {
            urls.add(jar.toUri().toURL());
        }
        return new WebAppClassLoader(name, urls.toArray(URL[]::new), parent);
    }

    /** The jars of {@code WEB-INF/lib}, in name order. */
    static List<Path> libraries(Path webApp) throws IOException {
        Path lib = webApp.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static boolean parentFirst(String className) {
        for (String prefix : PARENT_FIRST) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && !parentFirst(name)) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException notInTheWar) {
                    // the parent's, below
                }
            }
            if (type == null) {
                type = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
