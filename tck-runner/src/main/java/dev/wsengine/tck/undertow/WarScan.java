package dev.wsengine.tck.undertow;

import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EventListener;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What a WAR deployer does before Undertow's servlet core can run an application, and embedded
 * Undertow does not: find the classes of {@code WEB-INF/classes} and {@code WEB-INF/lib}, register
 * the {@code @WebServlet}, {@code @WebFilter} and {@code @WebListener} ones, and hand every
 * {@code ServletContainerInitializer} the class loader sees the WAR's classes that match its
 * {@code @HandlesTypes}, never a class of the test classpath. A class that does not load (a
 * missing dependency) is left out, as a container's bytecode scanner would not find it usable
 * either. What the TCK's WARs put in {@code web.xml} is applied by {@link WebXml}.
 */
final class WarScan {

    private static final System.Logger LOG = System.getLogger(WarScan.class.getName());

    private final List<Class<?>> classes;

    private WarScan(List<Class<?>> classes) {
        this.classes = classes;
    }

    /** Loads, without initializing, every class of the WAR expanded at {@code webApp}. */
    static WarScan of(Path webApp, ClassLoader loader) throws IOException {
        List<String> names = new ArrayList<>();
        Path classesDirectory = webApp.resolve("WEB-INF/classes");
        if (Files.isDirectory(classesDirectory)) {
            try (Stream<Path> files = Files.walk(classesDirectory)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> classesDirectory.relativize(f).toString())
                        .forEach(path -> addClassName(names, path));
            }
        }
        for (Path jar : WebAppClassLoader.libraries(webApp)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (!entry.isDirectory() && entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                        addClassName(names, entry.getName());
                    }
                }
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : names) {
            try {
                loaded.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError unusable) {
                LOG.log(Level.DEBUG, "Not scanned, does not load: " + name, unusable);
            }
        }
        return new WarScan(loaded);
    }

    private static void addClassName(List<String> names, String path) {
        String name = path.replace('\\', '/');
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("module-info") || name.endsWith("package-info")) {
            return;
        }
        names.add(name.replace('/', '.'));
    }

    List<Class<?>> classes() {
        return classes;
    }

    /** The WAR's classes {@code @HandlesTypes(types)} asks for: annotated with, or subtypes of, one of them. */
    Set<Class<?>> matching(Class<?>[] types) {
        Set<Class<?>> matches = new LinkedHashSet<>();
        for (Class<?> type : classes) {
            for (Class<?> wanted : types) {
                boolean match = wanted.isAnnotation()
                        ? type.isAnnotationPresent(wanted.asSubclass(java.lang.annotation.Annotation.class))
                        : type != wanted && wanted.isAssignableFrom(type);
                if (match) {
                    matches.add(type);
                    break;
                }
            }
        }
        return matches;
    }

    /**
     * Adds the WAR's annotated servlets, filters and listeners and every initializer {@code loader}
     * finds through {@code META-INF/services} (the container's, ours among them, and the WAR's).
     */
    void addTo(DeploymentInfo deployment, ClassLoader loader) {
        for (Class<?> type : classes) {
            WebServlet servlet = type.getAnnotation(WebServlet.class);
            if (servlet != null && Servlet.class.isAssignableFrom(type)) {
                deployment.addServlet(servletInfo(type.asSubclass(Servlet.class), servlet));
            }
            WebFilter filter = type.getAnnotation(WebFilter.class);
            if (filter != null && Filter.class.isAssignableFrom(type)) {
                addFilter(deployment, type.asSubclass(Filter.class), filter);
            }
            if (type.isAnnotationPresent(WebListener.class) && EventListener.class.isAssignableFrom(type)) {
                deployment.addListener(Servlets.listener(type.asSubclass(EventListener.class)));
            }
        }
        for (ServletContainerInitializer initializer : ServiceLoader.load(ServletContainerInitializer.class, loader)) {
            HandlesTypes handles = initializer.getClass().getAnnotation(HandlesTypes.class);
            Set<Class<?>> handed = handles == null ? null : matching(handles.value());
            deployment.addServletContainerInitializer(new ServletContainerInitializerInfo(
                    initializer.getClass(), new ImmediateInstanceFactory<>(initializer), handed));
        }
    }

    private static ServletInfo servletInfo(Class<? extends Servlet> type, WebServlet annotation) {
        String name = annotation.name().isEmpty() ? type.getName() : annotation.name();
        ServletInfo info = Servlets.servlet(name, type)
                .addMappings(annotation.value())
                .addMappings(annotation.urlPatterns())
                .setAsyncSupported(annotation.asyncSupported());
        if (annotation.loadOnStartup() >= 0) {
            info.setLoadOnStartup(annotation.loadOnStartup());
        }
        for (WebInitParam parameter : annotation.initParams()) {
            info.addInitParam(parameter.name(), parameter.value());
        }
        return info;
    }

    private static void addFilter(DeploymentInfo deployment, Class<? extends Filter> type, WebFilter annotation) {
        String name = annotation.filterName().isEmpty() ? type.getName() : annotation.filterName();
        FilterInfo info = Servlets.filter(name, type).setAsyncSupported(annotation.asyncSupported());
        for (WebInitParam parameter : annotation.initParams()) {
            info.addInitParam(parameter.name(), parameter.value());
        }
        deployment.addFilter(info);
        for (DispatcherType dispatcher : annotation.dispatcherTypes()) {
            for (String pattern : annotation.value()) {
                deployment.addFilterUrlMapping(name, pattern, dispatcher);
            }
            for (String pattern : annotation.urlPatterns()) {
                deployment.addFilterUrlMapping(name, pattern, dispatcher);
            }
            for (String servletName : annotation.servletNames()) {
                deployment.addFilterServletNameMapping(name, servletName, dispatcher);
            }
        }
    }
}
