package dev.wsengine.tck;

import dev.wsengine.tck.tomcat.EmbeddedTomcatContainer;
import dev.wsengine.tck.undertow.EmbeddedUndertowContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.util.Locale;

/**
 * Registers the runner's container with Arquillian (found through META-INF/services): the one
 * the system property {@value #PROPERTY} names, {@code jetty} (the default), {@code tomcat} or
 * {@code undertow}. Arquillian takes one container implementation per run, so only that one is
 * registered; the others' classes are never loaded and may be absent from the classpath.
 */
public final class EmbeddedContainerExtension implements LoadableExtension {

    public static final String PROPERTY = "wsengine.tck.container";

    @Override
    public void register(ExtensionBuilder builder) {
        String name = System.getProperty(PROPERTY, "jetty").strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "jetty" -> builder.service(DeployableContainer.class, EmbeddedJettyContainer.class);
            case "tomcat" -> builder.service(DeployableContainer.class, EmbeddedTomcatContainer.class);
            case "undertow" -> builder.service(DeployableContainer.class, EmbeddedUndertowContainer.class);
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be jetty, tomcat or undertow, was '" + name + "'");
        }
    }
}
