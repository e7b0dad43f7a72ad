package dev.wsengine.it.modular;

import dev.wsengine.bridge.WebSocketEngine;
import dev.wsengine.client.ClientProperties;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts Jetty with wsengine installed by {@link WebSocketEngine}, connects wsengine's client
 * (found through {@code ContainerProvider}'s ServiceLoader) and prints what ModulePathIT checks.
 */
public final class Main {

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                try {
                    WebSocketEngine.install(event.getServletContext(), EchoEndpoint.class);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        try {
            WebSocketContainer client = ContainerProvider.getWebSocketContainer();
            System.out.println("client-container " + client.getClass().getName() + " in " + client.getClass().getModule());
            BlockingQueue<String> received = new ArrayBlockingQueue<>(1);
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.CONNECT_TIMEOUT_MS, 5_000L);
            URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
            try (Session session = client.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session session, EndpointConfig endpointConfig) {
                    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
                }
            }, config, uri)) {
                session.getBasicRemote().sendText("hello from a module");
                System.out.println("echo " + received.poll(10, TimeUnit.SECONDS));
            }
            Module core = client.getClass().getModule();
            Module bridge = WebSocketEngine.class.getModule();
            System.out.println("bridge-module " + bridge.getName() + " reads jetty.server: "
                    + bridge.canRead(Server.class.getModule()));
            for (Module module : new Module[] {core, bridge}) {
                System.out.println("exports " + module.getName() + " " + module.getDescriptor().exports().stream()
                        .map(Main::describe).sorted().collect(Collectors.joining(",")));
            }
        } finally {
            server.stop();
        }
    }

    private static String describe(ModuleDescriptor.Exports export) {
        return export.isQualified() ? export.source() + "->" + String.join("+", export.targets()) : export.source();
    }
}
