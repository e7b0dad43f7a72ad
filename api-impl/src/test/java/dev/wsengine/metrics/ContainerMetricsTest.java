package dev.wsengine.metrics;

import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerMetricsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void endpointCountsMessagesClosesRefusalsAndDrops() {
        EndpointMetrics e = new EndpointMetrics("/chat");
        e.handshake(101);
        e.handshake(101);
        e.handshake(403);
        e.handshake(503);
        e.sessionOpened();
        e.sessionOpened();
        e.sessionClosed();
        e.messageIn(10);
        e.messageIn(5);
        e.sent(3, false);
        e.sent(4, true);
        e.closeReceived(1000);
        e.closeSent(1000, null);
        e.closeSent(1009, DropCause.ofFailure(1009));
        e.closeSent(1008, DropCause.SLOW_PEER);
        e.dropped(DropCause.IDLE_TIMEOUT);
        e.sendQueueDepth(100);
        e.sendQueueDepth(40);

        assertEquals(2, e.handshakesAccepted());
        assertEquals(Map.of(403, 1L, 503, 1L), e.handshakesRefused());
        assertEquals(1, e.openSessions());
        assertEquals(2, e.sessionsOpened());
        assertEquals(2, e.messagesIn());
        assertEquals(15, e.bytesIn());
        assertEquals(1, e.messagesOut(), "two parts of one message");
        assertEquals(7, e.bytesOut());
        assertEquals(Map.of(1000, 1L), e.closeCodesReceived());
        assertEquals(Map.of(1000, 1L, 1008, 1L, 1009, 1L), e.closeCodesSent());
        assertEquals(Map.of("IDLE_TIMEOUT", 1L, "MESSAGE_TOO_BIG", 1L, "OVERLOAD", 1L, "SLOW_PEER", 1L), e.drops());
        assertEquals(100, e.sendQueueHighWaterBytes());
    }

    @Test
    void failureCodesMapToTheirCause() {
        assertEquals(DropCause.PROTOCOL_VIOLATION, DropCause.ofFailure(1002));
        assertEquals(DropCause.INVALID_DATA, DropCause.ofFailure(1007));
        assertEquals(DropCause.SLOW_PEER, DropCause.ofFailure(1008));
        assertEquals(DropCause.MESSAGE_TOO_BIG, DropCause.ofFailure(1009));
        assertEquals(DropCause.OVERLOAD, DropCause.ofFailure(1013));
        assertEquals(DropCause.OTHER, DropCause.ofFailure(1011));
    }

    @Test
    void containerSumsItsEndpoints() {
        ContainerMetrics c = new ContainerMetrics();
        assertSame(c.forPath("/a"), c.forPath("/a"));
        c.forPath("/a").messageIn(1);
        c.forPath("/b").messageIn(2);
        c.forPath("/a").closeSent(1000, null);
        c.forPath("/b").closeSent(1000, null);
        c.forPath("/b").sendQueueDepth(9);
        c.forPath("/a").sendQueueDepth(3);
        assertEquals(2, c.getMessagesIn());
        assertEquals(3, c.getBytesIn());
        assertEquals(Map.of(1000, 2L), c.getCloseCodesSent());
        assertEquals(9, c.getSendQueueHighWaterBytes(), "the highest of any one queue, not a sum");
        assertEquals(List.of("/a", "/b"), c.getEndpointPaths());
    }

    @Test
    void registersUnderItsContextAndUnregistersEverything() throws Exception {
        ContainerMetrics c = new ContainerMetrics();
        c.forPath("/before");
        try (JmxExport export = JmxExport.register(c, "/unit-a")) {
            c.forPath("/after");
            assertTrue(JMX.isRegistered(new ObjectName("dev.wsengine:type=WebSocketContainer,context=\"/unit-a\"")));
            assertTrue(JMX.isRegistered(new ObjectName("dev.wsengine:type=Endpoint,context=\"/unit-a\",path=\"/before\"")));
            assertTrue(JMX.isRegistered(new ObjectName("dev.wsengine:type=Endpoint,context=\"/unit-a\",path=\"/after\"")),
                    "an endpoint added after registration is registered too");
            assertEquals(3, export.names().size());
        }
        assertEquals(0, JMX.queryNames(new ObjectName("dev.wsengine:context=\"/unit-a\",*"), null).size());
    }

    @Test
    void aSecondContainerWithTheSameContextGetsAnInstanceNumber() throws Exception {
        ContainerMetrics first = new ContainerMetrics();
        ContainerMetrics second = new ContainerMetrics();
        first.forPath("/x");
        second.forPath("/x");
        try (JmxExport a = JmxExport.register(first, "/unit-b"); JmxExport b = JmxExport.register(second, "/unit-b")) {
            assertEquals(new ObjectName("dev.wsengine:type=WebSocketContainer,context=\"/unit-b\""), a.names().get(0));
            assertEquals(new ObjectName("dev.wsengine:type=WebSocketContainer,context=\"/unit-b\",instance=2"),
                    b.names().get(0));
            assertTrue(JMX.isRegistered(new ObjectName(
                    "dev.wsengine:type=Endpoint,context=\"/unit-b\",instance=2,path=\"/x\"")));
            a.close();
            assertFalse(JMX.isRegistered(a.names().isEmpty() ? new ObjectName("dev.wsengine:type=WebSocketContainer,"
                    + "context=\"/unit-b\"") : a.names().get(0)));
            assertTrue(JMX.isRegistered(b.names().get(0)), "closing one leaves the other");
        }
    }
}
