package dev.wsengine.samples;

import dev.wsengine.bridge.WsServletContainerInitializer;
import dev.wsengine.samples.chat.ChatEndpoint;
import dev.wsengine.server.WsServerContainer;
import jakarta.websocket.server.ServerContainer;
import dev.wsengine.samples.ticker.TickerEndpoint;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The demo server: embedded Jetty 12.1 with our container as its only WebSocket support, serving
 * the echo, chat and ticker endpoints and their pages (classpath folder {@code static}).
 * Port 8080 unless {@code --port N} or the {@code PORT} environment variable says otherwise. A
 * connection must send its request head within 10 s ({@code --header-timeout-ms N} to change it):
 * see {@link HeaderDeadline}.
 * Ctrl-C stops the web application first, so open sessions are closed with 1001.
 */
public final class SampleServer {

    static final String LOCAL_ORIGINS = "http://localhost:*, http://127.0.0.1:*";
    /** How long a connection may take to send its request head (a trickled handshake is cut then). */
    public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;

    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/");
    private final ServerConnector connector;

    public SampleServer(String host, int port) {
        this(host, port, DEFAULT_HEADER_TIMEOUT_MS);
    }

    public SampleServer(String host, int port, long headerTimeoutMs) {
        connector = new ServerConnector(server);
        HeaderDeadline.install(connector, headerTimeoutMs);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // As the WAR's web.xml: only pages served from this machine may connect (403 for other origins).
        context.setInitParameter(WsServletContainerInitializer.ALLOWED_ORIGINS_PARAM, LOCAL_ORIGINS);
        context.addServletContainerInitializer(new WsServletContainerInitializer(),
                EchoEndpoint.class, ChatEndpoint.class, TickerEndpoint.class);
        context.addEventListener(new SampleLifecycle());
        context.setBaseResource(ResourceFactory.of(context).newClassLoaderResource("static"));
        context.addServlet(DefaultServlet.class, "/");
        server.setHandler(context);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Jetty's connector, for settings such as the accepted sockets' buffer sizes (before {@link #start}). */
    public ServerConnector connector() {
        return connector;
    }

    /** Our container, once started: where the send limits and other container settings go. */
    public WsServerContainer container() {
        return (WsServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName());
    }

    /** Closes the sessions (1001) before the connections go, then stops Jetty. */
    public void stop() throws Exception {
        context.stop();
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        SampleServer sample = new SampleServer(null, port(args), longOption(args, "--header-timeout-ms", DEFAULT_HEADER_TIMEOUT_MS));
        sample.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sample.stop();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "sample-server-shutdown"));
        System.out.println("wsengine sample server on http://localhost:" + sample.port()
                + "  (chat, ticker and echo pages; echo endpoint ws://localhost:" + sample.port()
                + "/echo)  Ctrl-C stops it.");
        sample.server.join();
    }

    static long longOption(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }

    static int port(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        String env = System.getenv("PORT");
        return env != null && !env.isBlank() ? Integer.parseInt(env.trim()) : 8080;
    }
}
