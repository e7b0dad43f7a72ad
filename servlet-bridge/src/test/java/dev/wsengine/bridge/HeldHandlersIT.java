package dev.wsengine.bridge;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handlers that hold their thread. On Tomcat and Undertow our connection threads run them, a few
 * per core, and the pool must grow for the held ones so that every other connection goes on: held
 * parked on a latch, and held in a blocking socket read (a backend that does not answer), which
 * the JDK reports as runnable. More handlers are held than the pool has base threads, and then a
 * fresh client, the JDK's, must still get its echo.
 */
class HeldHandlersIT {

    /** More than the threads the pool starts with. */
    private static final int HELD = ConnectionThreads.BASE_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors() + 2;

    static volatile CountDownLatch release = new CountDownLatch(1);
    static final Semaphore ENTERED = new Semaphore(0);
    private static final List<Socket> BACKEND_SIDE = new CopyOnWriteArrayList<>();
    private static ServerSocket silentBackend;
    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();

    /** Waits on a latch: parked. */
    @ServerEndpoint("/held/parked")
    public static class Parked {
        @OnMessage
        public String onMessage(String message) throws InterruptedException {
            ENTERED.release();
            release.await(30, TimeUnit.SECONDS);
            return message;
        }
    }

    /** Reads from a backend that answers nothing until the test lets it go: runnable, in native code. */
    @ServerEndpoint("/held/reading")
    public static class Reading {
        @OnMessage
        public String onMessage(String message) throws IOException {
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), silentBackend.getLocalPort())) {
                backend.setSoTimeout(30_000);
                ENTERED.release();
                InputStream in = backend.getInputStream();
                in.read(); // -1 once the test closes the backend's side
            }
            return message;
        }
    }

    @ServerEndpoint("/held/echo")
    public static class Echo {
        @OnMessage
        public String onMessage(String message) {
            return message;
        }
    }

    @BeforeAll
    static void startBackend() throws IOException {
        silentBackend = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silentBackend.isClosed()) {
                try {
                    BACKEND_SIDE.add(silentBackend.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws Exception {
        silentBackend.close();
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
    }

    /** A server of its own for each case: threads a case grew would stay for the next. */
    private static EmbeddedServer server(String container, String path) throws Exception {
        EmbeddedServer server = EmbeddedServer.start(container, Parked.class, Reading.class, Echo.class);
        SERVERS.put(container + path, server);
        return server;
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void handlersParkedOnALatchDoNotStallOtherConnections(String container) throws Exception {
        heldHandlersLeaveRoomForAFreshClient(container, "/held/parked");
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void handlersInABlockingSocketReadDoNotStallOtherConnections(String container) throws Exception {
        heldHandlersLeaveRoomForAFreshClient(container, "/held/reading");
    }

    private static void heldHandlersLeaveRoomForAFreshClient(String container, String path) throws Exception {
        release = new CountDownLatch(1);
        ENTERED.drainPermits();
        EmbeddedServer server = server(container, path);
        List<JdkClient> held = new ArrayList<>();
        for (int i = 0; i < HELD; i++) {
            JdkClient client = JdkClient.connect(server.ws(path));
            client.socket.sendText("held " + i, true).get(10, TimeUnit.SECONDS);
            held.add(client);
        }
        assertTrue(ENTERED.tryAcquire(HELD, 20, TimeUnit.SECONDS),
                "every held handler should have started: " + ENTERED.availablePermits() + " of " + HELD);

        JdkClient fresh = JdkClient.connect(server.ws("/held/echo"));
        fresh.socket.sendText("still answered", true).get(10, TimeUnit.SECONDS);
        assertEquals("text still answered", fresh.next(), "a fresh client's echo while " + HELD + " handlers are held");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (path.endsWith("reading") && BACKEND_SIDE.size() < HELD && System.nanoTime() < deadline) {
            Thread.sleep(10); // the backend accepts on its own thread
        }
        for (Socket socket : BACKEND_SIDE) {
            socket.close();
        }
        BACKEND_SIDE.clear();
        for (int i = 0; i < HELD; i++) {
            assertEquals("text held " + i, held.get(i).next());
            held.get(i).socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
        }
        fresh.socket.sendClose(1000, "").get(10, TimeUnit.SECONDS);
    }
}
