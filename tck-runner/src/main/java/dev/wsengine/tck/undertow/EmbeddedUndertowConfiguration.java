package dev.wsengine.tck.undertow;

import dev.wsengine.tck.ContainerSettings;

/**
 * Settings of the embedded Undertow the TCK deploys to: those all the runner's containers take.
 * Like Tomcat it needs no scanning patterns: only each WAR's own classes and libraries are
 * scanned (see {@link WarScan}).
 */
public class EmbeddedUndertowConfiguration extends ContainerSettings {
}
