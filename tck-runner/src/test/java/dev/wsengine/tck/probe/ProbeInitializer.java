package dev.wsengine.tck.probe;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stands in for our servlet bridge's initializer: publishes, at {@code /handed}, the names of
 * the classes the container handed it for {@link ProbeMarker}.
 */
@HandlesTypes(ProbeMarker.class)
public class ProbeInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        Set<String> names = new TreeSet<>();
        if (classes != null) {
            classes.forEach(type -> names.add(type.getSimpleName()));
        }
        context.addServlet("handed", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().print(String.join(",", names));
            }
        }).addMapping("/handed");
    }
}
