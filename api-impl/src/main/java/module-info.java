/**
 * wsengine's WebSocket engine: a Jakarta WebSocket 2.2 client ({@code ContainerProvider}) and the
 * server container a Servlet bridge installs.
 *
 * <p>Exported to everyone: what an application configures or casts to, the client's connection
 * properties ({@code dev.wsengine.client}), the server container and its configuration
 * ({@code dev.wsengine.server}), the send and peer limits ({@code dev.wsengine.settings}), the
 * permessage-deflate configuration ({@code dev.wsengine.extensions}) and the JMX metrics
 * ({@code dev.wsengine.metrics}). The transport boundary is exported to the servlet bridge alone;
 * framing, handshake parsing and the endpoint model stay inside, free to change.
 *
 * <p>Annotated endpoints and their configurators are created and called by reflection: an
 * application module opens (or exports) their packages to this module.
 */
module dev.wsengine.core {
    requires transitive jakarta.websocket;
    requires transitive java.management; // JmxExport.names() returns ObjectNames

    exports dev.wsengine.client;
    exports dev.wsengine.server;
    exports dev.wsengine.settings;
    exports dev.wsengine.extensions;
    exports dev.wsengine.metrics;
    exports dev.wsengine.transport to dev.wsengine.servlet;
    exports dev.wsengine.logging to dev.wsengine.servlet;

    provides jakarta.websocket.ContainerProvider with dev.wsengine.client.WsContainerProvider;
    provides jakarta.websocket.server.ServerEndpointConfig.Configurator
            with dev.wsengine.server.DefaultServerConfigurator;
}
