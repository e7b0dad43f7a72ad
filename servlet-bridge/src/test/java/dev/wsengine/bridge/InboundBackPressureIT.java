package dev.wsengine.bridge;

import dev.wsengine.framing.Opcode;
import dev.wsengine.settings.SendLimits;
import dev.wsengine.session.WsSession;
import dev.wsengine.testsupport.RawFrame;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that sends and never reads what comes back, on every container: the server's replies
 * fill its send queue to the high-water mark, the session stops reading, and the server must then
 * really stop reading the socket, so that TCP makes the peer's own writes wait. The portable
 * transport used to read on into its backlog until it dropped the connection at 64 MiB.
 */
class InboundBackPressureIT {

    private static final int MESSAGE = 1 << 20;
    /** Far more than the queues and socket buffers of both sides hold (about 10 MiB, measured). */
    private static final int MAX_MESSAGES = 32;

    private static final Map<String, EmbeddedServer> SERVERS = new HashMap<>();

    @AfterAll
    static void stopServers() throws Exception {
        for (EmbeddedServer server : SERVERS.values()) {
            server.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.wsengine.bridge.EmbeddedServer#containers")
    void aPeerThatNeverReadsIsMadeToWaitAndTheServerHoldsLittle(String container) throws Exception {
        EmbeddedServer server = SERVERS.computeIfAbsent(container, c -> {
            try {
                return EmbeddedServer.start(c, StreamingEndpoints.BigEcho.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        StreamingEndpoints.bigEchoSession = null;
        try (RawClient client = RawClient.upgrade(server.ws("/big-echo"))) {
            assertEquals(101, client.status);
            byte[] frame = RawClient.clientFrame(Opcode.BINARY, true, new byte[MESSAGE]);
            AtomicLong sentMessages = new AtomicLong();
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < MAX_MESSAGES; i++) {
                        client.send(frame);
                        sentMessages.incrementAndGet();
                    }
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            }, "never-reading-peer");
            sender.setDaemon(true);
            sender.start();

            // Stalled: no message completes for a second. Well within the 20 s write timeout.
            long last = -1;
            long stillSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() - stillSince < TimeUnit.SECONDS.toNanos(1)) {
                assertTrue(System.nanoTime() < deadline, "the peer's writes never stopped: " + sentMessages + " MiB");
                assertTrue(sender.isAlive(), "the peer sent all " + MAX_MESSAGES + " MiB, or failed: " + writeFailure);
                long now = sentMessages.get();
                if (now != last) {
                    last = now;
                    stillSince = System.nanoTime();
                }
                Thread.sleep(50);
            }
            assertNull(writeFailure.get(), "the peer's writes failed instead of waiting");
            assertTrue(sentMessages.get() < MAX_MESSAGES, sentMessages + " MiB");

            Session session = StreamingEndpoints.bigEchoSession;
            assertNotNull(session);
            List<Long> backlog = new ArrayList<>();
            List<Long> held = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                backlog.add(TransportProbe.backlogBytes(session));
                held.add(((WsSession) session).heldInboundBytes());
                Thread.sleep(20);
            }
            System.out.println("[InboundBackPressureIT] " + container + ": the peer's writes waited after "
                    + sentMessages + " MiB sent; server transport backlog " + backlog + " bytes; pauses "
                    + TransportProbe.pauses(session));
            assertTrue(backlog.stream().allMatch(b -> b <= ServletTransport.READ_AHEAD + ServletTransport.READ_CHUNK),
                    "queued in the transport " + backlog);
            assertTrue(held.stream().allMatch(h -> h <= MESSAGE), "held by the session " + held);
            assertTrue(session.isOpen(), "still open: waiting, not dropped");
            if (!container.equals("jetty")) {
                assertTrue(TransportProbe.pauses(session) >= 1, "the portable transport never paused");
            }
            assertTrue(SendLimits.DEFAULT_HIGH_WATER_BYTES < (long) sentMessages.get() * MESSAGE,
                    "the replies reached the high-water mark");

            // The peer reads at last: the server reads again, every message is sent and echoed.
            long echoed = 0;
            while (echoed < (long) MAX_MESSAGES * MESSAGE) {
                RawFrame.Received reply = client.readFrame();
                assertEquals(RawFrame.BINARY, reply.opcode(), "opcode");
                echoed += reply.payload().length;
            }
            sender.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(MAX_MESSAGES, sentMessages.get(), "sent after the peer read; " + writeFailure);
            client.send(RawClient.clientFrame(Opcode.CLOSE, true, new byte[] {0x03, (byte) 0xE8}));
            assertEquals(1000, client.readUntilClose());
        }
    }
}
