package dev.wsengine.tck;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runner self-check, run by failsafe next to the TCK: the TCK's signature test checks whatever
 * {@code sigTestClasspath} names and passes vacuously on a jar without WebSocket classes. So
 * the path must hold exactly the jars the test JVM loads {@code jakarta.websocket.*} from.
 */
class SignatureClasspathIT {

    private static final List<Class<?>> API_CLASSES =
            List.of(Session.class, ContainerProvider.class, Endpoint.class, ServerEndpoint.class, ServerContainer.class);

    @Test
    void sigTestClasspathHoldsTheJarsTheWebSocketApiIsLoadedFrom() throws Exception {
        String property = System.getProperty("sigTestClasspath");
        assertNotNull(property, "sigTestClasspath is not set");
        List<Path> entries = Arrays.stream(property.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
        assertFalse(entries.isEmpty(), "sigTestClasspath is empty");

        for (Path entry : entries) {
            assertTrue(Files.isRegularFile(entry), "sigTestClasspath entry does not exist: " + entry);
            assertTrue(holdsWebSocketApiClasses(entry), "sigTestClasspath entry has no jakarta.websocket classes: " + entry);
        }
        for (Class<?> api : API_CLASSES) {
            Path from = Path.of(api.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
            assertTrue(entries.contains(from), api.getName() + " is loaded from " + from + ", which sigTestClasspath "
                    + entries + " does not name");
        }
    }

    private static boolean holdsWebSocketApiClasses(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().anyMatch(e -> e.getName().startsWith("jakarta/websocket/") && e.getName().endsWith(".class"));
        }
    }
}
