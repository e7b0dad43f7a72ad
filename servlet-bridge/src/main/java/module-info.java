/**
 * wsengine's Servlet bridge: runs {@code dev.wsengine.core} in a Servlet 6 container, found by the
 * container through its {@code ServletContainerInitializer} or installed with
 * {@link dev.wsengine.bridge.WebSocketEngine} / {@link dev.wsengine.bridge.WebSocketEngineFilter}.
 *
 * <p>Jetty is optional ({@code requires static}): the Jetty connection switch links only where
 * Jetty's modules are in the same module graph. With Jetty on the class path, put this module on
 * the class path too (a named module cannot read the class path), or Jetty requests are refused.
 * Tomcat is reached by reflection only, since Tomcat's jar holds the {@code jakarta.servlet}
 * packages itself; embedded Tomcat therefore runs from the class path.
 */
module dev.wsengine.servlet {
    requires transitive dev.wsengine.core;
    requires transitive jakarta.servlet;

    requires static org.eclipse.jetty.io;
    requires static org.eclipse.jetty.util;
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.ee11.servlet;

    exports dev.wsengine.bridge;

    provides jakarta.servlet.ServletContainerInitializer with dev.wsengine.bridge.WsServletContainerInitializer;
}
