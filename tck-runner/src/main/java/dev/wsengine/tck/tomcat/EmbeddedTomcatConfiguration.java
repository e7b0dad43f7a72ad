package dev.wsengine.tck.tomcat;

import dev.wsengine.tck.ContainerSettings;

/**
 * Settings of the embedded Tomcat the TCK deploys to: those all the runner's containers take.
 * Tomcat needs no scanning patterns: it scans each WAR's own classes and libraries for
 * {@code @HandlesTypes} and never the test classpath (see {@link EmbeddedTomcatContainer}).
 */
public class EmbeddedTomcatConfiguration extends ContainerSettings {
}
