package dev.wsengine.tck;

import dev.wsengine.tck.tomcat.EmbeddedTomcatContainer;
import dev.wsengine.tck.undertow.EmbeddedUndertowContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension.ExtensionBuilder;
import org.jboss.arquillian.core.spi.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedContainerExtensionTest {

    /** Records the services an extension registers. */
    private static final class Recording implements ExtensionBuilder {
        final List<Class<?>> containers = new ArrayList<>();

        @Override
        public <T> ExtensionBuilder service(Class<T> service, Class<? extends T> impl) {
            if (service == DeployableContainer.class) {
                containers.add(impl);
            }
            return this;
        }

        @Override
        public <T> ExtensionBuilder override(Class<T> service, Class<? extends T> oldImpl, Class<? extends T> newImpl) {
            return this;
        }

        @Override
        public ExtensionBuilder observer(Class<?> handler) {
            return this;
        }

        @Override
        public ExtensionBuilder context(Class<? extends Context> context) {
            return this;
        }
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(EmbeddedContainerExtension.PROPERTY);
    }

    private static List<Class<?>> registeredFor(String value) {
        if (value != null) {
            System.setProperty(EmbeddedContainerExtension.PROPERTY, value);
        }
        Recording builder = new Recording();
        new EmbeddedContainerExtension().register(builder);
        return builder.containers;
    }

    @Test
    void registersJettyByDefault() {
        assertEquals(List.of(EmbeddedJettyContainer.class), registeredFor(null));
    }

    @Test
    void registersOnlyTheContainerThePropertyNames() {
        assertEquals(List.of(EmbeddedTomcatContainer.class), registeredFor("Tomcat"));
        assertEquals(List.of(EmbeddedJettyContainer.class), registeredFor("jetty"));
        assertEquals(List.of(EmbeddedUndertowContainer.class), registeredFor(" undertow "));
    }

    @Test
    void refusesAnUnknownContainerByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registeredFor("glassfish"));
        assertTrue(e.getMessage().contains("glassfish"), e.getMessage());
    }
}
