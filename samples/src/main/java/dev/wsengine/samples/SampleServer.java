package dev.wsengine.samples;

import dev.wsengine.bridge.WsServletContainerInitializer;
import dev.wsengine.samples.chat.ChatEndpoint;
import dev.wsengine.samples.chat.ChatRooms;
import dev.wsengine.server.WsServerContainer;
import dev.wsengine.session.WsSession;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import dev.wsengine.samples.ticker.TickerEndpoint;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo server: embedded Jetty 12.1 with our container as its only WebSocket support, serving
 * the echo, chat and ticker endpoints and their pages (classpath folder {@code static}).
 * Port 8080 unless {@code --port N} or the {@code PORT} environment variable says otherwise; all
 * interfaces unless {@code --host H}. A connection must send its request head within 10 s
 * ({@code --header-timeout-ms N} to change it): see {@link HeaderDeadline}.
 * {@code --redis redis://host:port} (or {@code REDIS_URL}) lets
 * the chat's rooms span every instance on that Redis. {@code --admin-port N} opens
 * {@link AdminHandler}'s {@code POST /drain} and {@code GET /health} on 127.0.0.1;
 * {@code --drain-timeout S} bounds how long a drain waits for its sessions (30 s);
 * {@code --max-buffered-bytes N} sets the container's buffer budget (a quarter of the heap; 0: none).
 * Ctrl-C (SIGTERM) drains as {@code POST /drain} does: new sessions get 503, open ones 1001.
 */
public final class SampleServer {

    static final String LOCAL_ORIGINS = "http://localhost:*, http://127.0.0.1:*";
    /** How long a connection may take to send its request head (a trickled handshake is cut then). */
    public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;

    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/");
    private final ServerConnector connector;
    private ServerConnector admin;
    private Duration drainTimeout = Duration.ofSeconds(30);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

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

    /**
     * The container's buffer budget in bytes, 0 for none (before {@link #start}); by default a
     * quarter of the heap. What {@code dev.wsengine.maxBufferedBytesTotal} sets in a WAR.
     */
    public SampleServer maxBufferedBytesTotal(long bytes) {
        context.setInitParameter(dev.wsengine.bridge.WebSocketEngine.MAX_BUFFERED_BYTES_TOTAL_PARAM, Long.toString(bytes));
        return this;
    }

    /** Lets the chat's rooms span the instances on this Redis (before {@link #start}). */
    public SampleServer redis(String url) {
        context.setInitParameter(SampleLifecycle.REDIS_PARAM, url);
        return this;
    }

    /** Opens the admin calls ({@link AdminHandler}) on 127.0.0.1:{@code port} (before {@link #start}). */
    public SampleServer adminPort(int port) {
        ServerConnector admin = new ServerConnector(server, 1, 1);
        admin.setHost("127.0.0.1");
        admin.setPort(port);
        admin.setName("admin");
        server.addConnector(admin);
        server.setHandler(new AdminHandler(context, admin, () -> !draining.get(), this::health,
                this::drainQuietly));
        this.admin = admin;
        return this;
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The admin connector's port, or -1 without one. */
    public int adminPort() {
        return admin == null ? -1 : admin.getLocalPort();
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

    /**
     * Takes this instance out of service for a rolling restart: handshakes are refused with 503
     * from now on (a proxy tries its next upstream), open sessions are closed with 1001, and once
     * their close handshakes are done (or the container's grace period ran out) the server stops,
     * so {@code main} returns. Every caller waits for the same drain; the first one runs it.
     */
    public void drain() throws Exception {
        if (!draining.compareAndSet(false, true)) {
            drained.get(30, TimeUnit.SECONDS);
            return;
        }
        try {
            WsServerContainer container = container();
            if (container != null) {
                Set<Session> sessions = container.openSessions();
                container.stop();
                awaitClosed(sessions);
            }
            stop();
            drained.complete(null);
        } catch (Exception | Error e) {
            drained.completeExceptionally(e);
            throw e;
        }
    }

    /** What {@code GET /health} says besides serving or draining. */
    private String health() {
        WsServerContainer container = container();
        int sessions = container == null ? 0 : container.openSessions().size();
        return sessions + " sessions, chat broker " + ChatRooms.brokerStatus();
    }

    /** How long a drain waits for its sessions' close handshakes before it stops the server anyway (30 s). */
    public SampleServer drainTimeout(Duration timeout) {
        drainTimeout = timeout;
        return this;
    }

    /** The container waits its own short grace; a drain gives slow peers up to {@link #drainTimeout}. */
    private void awaitClosed(Set<Session> sessions) throws InterruptedException {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Session session : sessions) {
            while (session instanceof WsSession ws && !ws.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
    }

    public boolean draining() {
        return draining.get();
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    /**
     * The JDK writes a heap buffer to a socket through a direct copy, and keeps the largest copy of
     * each thread until the thread ends; Jetty's threads outlive a burst of slow peers by minutes,
     * so without this their copies stayed (14 MB after 200 never-reading peers, still there a
     * minute after they left). The JDK reads it once, when its NIO helper class loads, so it is set
     * before anything starts.
     */
    private static final String MAX_CACHED_DIRECT_COPY = "jdk.nio.maxCachedBufferSize";

    public static void main(String[] args) throws Exception {
        if (System.getProperty(MAX_CACHED_DIRECT_COPY) == null) {
            System.setProperty(MAX_CACHED_DIRECT_COPY, "16384");
        }
        SampleServer sample = new SampleServer(option(args, "--host", null), port(args),
                longOption(args, "--header-timeout-ms", DEFAULT_HEADER_TIMEOUT_MS));
        String redis = option(args, "--redis", "REDIS_URL");
        if (redis != null) {
            sample.redis(redis);
        }
        String budget = option(args, "--max-buffered-bytes", null);
        if (budget != null) {
            sample.maxBufferedBytesTotal(Long.parseLong(budget));
        }
        String drainSeconds = option(args, "--drain-timeout", null);
        if (drainSeconds != null) {
            sample.drainTimeout(Duration.ofSeconds(Long.parseLong(drainSeconds)));
        }
        String admin = option(args, "--admin-port", null);
        if (admin != null) {
            sample.adminPort(Integer.parseInt(admin));
        }
        sample.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sample::drainQuietly, "sample-server-shutdown"));
        System.out.println("wsengine sample server on http://localhost:" + sample.port()
                + "  (chat, ticker and echo pages; echo endpoint ws://localhost:" + sample.port()
                + "/echo)  Ctrl-C stops it.");
        if (sample.admin != null) {
            System.out.println("admin on http://127.0.0.1:" + sample.adminPort() + "  (POST /drain, GET /health)");
        }
        if (redis != null) {
            System.out.println("chat rooms shared through " + redis);
        }
        sample.server.join();
    }

    static long longOption(String[] args, String name, long fallback) {
        String value = option(args, name, null);
        return value != null ? Long.parseLong(value) : fallback;
    }

    /** {@code --name VALUE} from the arguments, else the environment variable {@code env}, else null. */
    static String option(String[] args, String name, String env) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        String value = env == null ? null : System.getenv(env);
        return value != null && !value.isBlank() ? value.trim() : null;
    }

    static int port(String[] args) {
        String port = option(args, "--port", "PORT");
        return port != null ? Integer.parseInt(port) : 8080;
    }
}
