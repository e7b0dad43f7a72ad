package dev.wsengine.bridge;

import jakarta.servlet.http.WebConnection;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the {@link ContainerHooks} for each upgraded connection: Tomcat's or Undertow's where
 * their classes are visible and the connection is theirs, {@link ContainerHooks#PORTABLE}
 * everywhere else. The container hooks are loaded by name, so that nothing here fails to link
 * where a container is absent (several may be present at once, as in our tests).
 */
final class ContainerHooksLoader {

    static final String TOMCAT = "dev.wsengine.bridge.tomcat.TomcatHooks";
    static final String UNDERTOW = "dev.wsengine.bridge.undertow.UndertowHooks";

    private static final System.Logger LOG = System.getLogger(ContainerHooksLoader.class.getName());

    private ContainerHooksLoader() {
    }

    static ContainerHooks load() {
        List<ContainerHooks> found = new ArrayList<>();
        add(found, TOMCAT, "on Tomcat the server will close TCP only after the client does,"
                + " and reads a peer its application is behind into memory");
        add(found, UNDERTOW, "on Undertow the server reads a peer its application is behind into memory");
        return found.isEmpty() ? ContainerHooks.PORTABLE : new Chooser(List.copyOf(found));
    }

    private static void add(List<ContainerHooks> found, String name, String consequence) {
        Throwable failure;
        try {
            Class<?> type = Class.forName(name, true, ContainerHooksLoader.class.getClassLoader());
            found.add((ContainerHooks) type.getConstructor().newInstance());
            return;
        } catch (InvocationTargetException thrownByConstructor) {
            failure = thrownByConstructor.getCause();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            failure = e;
        }
        if (!(failure instanceof LinkageError || failure instanceof ClassNotFoundException)) {
            // The container is here but its insides moved: connections still work, less well.
            LOG.log(System.Logger.Level.WARNING, "Cannot reach the container's sockets (" + failure + "); "
                    + consequence);
        }
        // otherwise the container's classes are not here: another container
    }

    /** The first hooks that serve a connection, else the portable ones. */
    static ContainerHooks forConnection(ContainerHooks hooks, WebConnection connection) {
        return hooks instanceof Chooser chooser ? chooser.choose(connection) : hooks;
    }

    private record Chooser(List<ContainerHooks> candidates) implements ContainerHooks {
        ContainerHooks choose(WebConnection connection) {
            for (ContainerHooks hooks : candidates) {
                if (hooks.serves(connection)) {
                    return hooks;
                }
            }
            return ContainerHooks.PORTABLE;
        }
    }
}
