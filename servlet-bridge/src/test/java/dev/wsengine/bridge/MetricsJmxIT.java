package dev.wsengine.bridge;

import dev.wsengine.metrics.EndpointMXBean;
import dev.wsengine.metrics.WebSocketContainerMXBean;
import dev.wsengine.testsupport.HttpHead;
import dev.wsengine.testsupport.RawFrame;
import dev.wsengine.testsupport.RawSocket;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JMX figures after real traffic: an engine on Jetty, raw-socket clients (echoes, a Close of
 * their own, a message over the endpoint's limit, a handshake of a WebSocket version we do not
 * speak), read back from the platform MBean server as a JMX client would.
 */
class MetricsJmxIT {

    private static final MBeanServer JMX_SERVER = ManagementFactory.getPlatformMBeanServer();

    /** Echoes text; messages above 16 bytes are closed with 1009. */
    @ServerEndpoint("/echo")
    public static class SmallEcho {
        @OnMessage(maxMessageSize = 16)
        public String echo(String text) {
            return text;
        }
    }

    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private int start(String contextPath, boolean jmx) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        if (!jmx) {
            context.setInitParameter(WebSocketEngine.JMX_PARAM, "false");
        }
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                try {
                    WebSocketEngine.install(event.getServletContext(), SmallEcho.class);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        return connector.getLocalPort();
    }

    @Test
    void countsTrafficClosesRefusalsAndDropsPerEndpointAndContainer() throws Exception {
        int port = start("/metrics-it", true);
        ObjectName containerName = new ObjectName("dev.wsengine:type=WebSocketContainer,context=\"/metrics-it\"");
        ObjectName endpointName = new ObjectName("dev.wsengine:type=Endpoint,context=\"/metrics-it\",path=\"/echo\"");
        assertTrue(JMX_SERVER.isRegistered(containerName), "registered when the container starts");
        assertTrue(JMX_SERVER.isRegistered(endpointName), "the endpoint's bean exists before its first handshake");
        EndpointMXBean endpoint = JMX.newMXBeanProxy(JMX_SERVER, endpointName, EndpointMXBean.class);
        WebSocketContainerMXBean container = JMX.newMXBeanProxy(JMX_SERVER, containerName, WebSocketContainerMXBean.class);

        for (int i = 0; i < 3; i++) {
            try (RawSocket socket = open(port, "/metrics-it")) {
                for (int m = 0; m < 2; m++) {
                    socket.send(RawFrame.of(RawFrame.TEXT).payload("hello").bytes());
                    assertEquals("hello", new String(RawFrame.read(socket.input(), 1024).payload()));
                }
                socket.send(RawFrame.of(RawFrame.CLOSE).payload(RawFrame.closePayload(1000)).bytes());
                assertEquals(1000, RawFrame.read(socket.input(), 1024).closeCode());
            }
        }
        try (RawSocket socket = open(port, "/metrics-it")) {
            socket.send(RawFrame.of(RawFrame.TEXT).payload("a message longer than sixteen bytes").bytes());
            assertEquals(1009, RawFrame.read(socket.input(), 1024).closeCode());
        }
        int refusedStatus;
        try (RawSocket socket = RawSocket.connect(port)) {
            socket.sendRaw(RawSocket.webSocketRequest("/metrics-it/echo", port, "Sec-WebSocket-Version: 8"), new byte[0]);
            refusedStatus = socket.readHead().status();
        }
        assertTrue(refusedStatus >= 400, "version 8 is refused, got " + refusedStatus);

        awaitZero(endpoint::getOpenSessions);
        assertEquals(4, endpoint.getSessionsOpened());
        assertEquals(4, endpoint.getHandshakesAccepted());
        assertEquals(Map.of(refusedStatus, 1L), endpoint.getHandshakesRefused());
        assertEquals(6, endpoint.getMessagesIn(), "the message over the limit is not one received");
        assertEquals(30, endpoint.getBytesIn());
        assertEquals(6, endpoint.getMessagesOut());
        assertEquals(30, endpoint.getBytesOut());
        assertEquals(Map.of(1000, 3L), endpoint.getCloseCodesReceived());
        assertEquals(Map.of(1000, 3L, 1009, 1L), endpoint.getCloseCodesSent());
        assertEquals(Map.of("MESSAGE_TOO_BIG", 1L), endpoint.getDrops());
        assertTrue(endpoint.getSendQueueHighWaterBytes() >= 7, "at least one frame of 'hello' was queued");
        assertEquals("/echo", endpoint.getPath());

        assertEquals("/metrics-it", container.getContext());
        assertEquals(java.util.List.of("/echo"), container.getEndpointPaths());
        assertEquals(6, container.getMessagesIn());
        assertEquals(Map.of(1000, 3L, 1009, 1L), container.getCloseCodesSent());
        assertEquals(Map.of(refusedStatus, 1L), container.getHandshakesRefused());
        assertEquals(0, container.getOpenSessions());

        server.stop();
        server = null;
        assertEquals(0, JMX_SERVER.queryNames(new ObjectName("dev.wsengine:context=\"/metrics-it\",*"), null).size(),
                "no bean left once the application stopped");
    }

    @Test
    void contextParameterFalseRegistersNothing() throws Exception {
        int port = start("/no-jmx", false);
        try (RawSocket socket = open(port, "/no-jmx")) {
            socket.send(RawFrame.of(RawFrame.TEXT).payload("hi").bytes());
            assertEquals("hi", new String(RawFrame.read(socket.input(), 1024).payload()));
        }
        assertEquals(0, JMX_SERVER.queryNames(new ObjectName("dev.wsengine:context=\"/no-jmx\",*"), null).size());
    }

    private static RawSocket open(int port, String contextPath) throws Exception {
        RawSocket socket = RawSocket.connect(port);
        socket.sendRaw(RawSocket.webSocketRequest(contextPath + "/echo", port), new byte[0]);
        HttpHead head = socket.readHead();
        assertEquals(101, head.status(), head.text());
        return socket;
    }

    /** Sessions end on the server's threads a moment after the client saw the Close: wait, bounded. */
    private static void awaitZero(LongSupplier figure) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (figure.getAsLong() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, figure.getAsLong());
    }
}
