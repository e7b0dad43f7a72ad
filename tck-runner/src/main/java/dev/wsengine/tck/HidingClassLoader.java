package dev.wsengine.tck;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent class loader of every web application: the test classpath minus the classes (and
 * their resources) whose names start with one of the hidden prefixes, the TCK and the test
 * framework. A web application then sees what a real server would give it: the container, our
 * engine and the APIs, plus its own WEB-INF. Tomcat and Undertow take it as every web
 * application's parent (Jetty hides the same prefixes with its own class matcher).
 */
public final class HidingClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final List<String> hiddenClasses;
    private final List<String> hiddenResources;

    public HidingClassLoader(ClassLoader parent, String... hiddenPrefixes) {
        super("wsengine-tck-container", parent);
        this.hiddenClasses = List.of(hiddenPrefixes);
        this.hiddenResources = hiddenClasses.stream().map(p -> p.replace('.', '/')).toList();
    }

    public boolean hides(String className) {
        return hiddenClasses.stream().anyMatch(className::startsWith);
    }

    private boolean hidesResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return hiddenResources.stream().anyMatch(path::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hides(name)) {
            throw new ClassNotFoundException(name + " is on the test classpath only, hidden from web applications");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return hidesResource(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return hidesResource(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
