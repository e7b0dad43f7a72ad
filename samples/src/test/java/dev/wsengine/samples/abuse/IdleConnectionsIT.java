package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgraded connections that never send a byte: each is a session the server holds until its idle
 * timeout (5 min by default), so what each costs must be small and the rest served meanwhile;
 * once they go, nothing of them stays.
 */
class IdleConnectionsIT {

    private SampleProcess server;
    private final List<RawSocket> idle = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SampleProcess.start(256);
    }

    @AfterEach
    void stop() throws Exception {
        for (RawSocket socket : idle) {
            socket.close();
        }
        server.close();
    }

    @Test
    void silentConnectionsCostLittleAndLeaveNothing() throws Exception {
        int count = Scale.count("idle", 500, 2000);
        int port = server.port();
        FreshClient.echo(port, 30);
        long before = server.liveHeap();
        for (int i = 0; i < count; i++) {
            idle.add(Wire.upgraded(port, "/echo"));
        }
        long sessions = server.instances("dev.wsengine.session.WsSession");
        long held = server.liveHeap();
        FreshClient.Served served = FreshClient.echo(port, 30);
        long perConnection = (held - before) / count;
        for (RawSocket socket : idle) {
            socket.close();
        }
        idle.clear();
        long left = awaitNoSessions();
        long after = server.liveHeap();
        System.out.printf("%d idle connections: fresh client %s; heap %d MB before, %d MB held (%d bytes each),"
                + " %d MB after; %d sessions then %d%n", count, served, before >> 20, held >> 20, perConnection,
                after >> 20, sessions, left);

        assertTrue(sessions >= count && sessions <= count + 1, "one session per idle connection (and perhaps the"
                + " warm-up client's, closed a moment ago): " + sessions);
        assertTrue(served.totalMs() < 5_000, "a fresh client beside " + count + " idle connections: " + served);
        assertTrue(perConnection < 64 * 1024, "heap per idle connection: " + perConnection + " bytes");
        assertTrue(left <= 1, "no session left once the connections closed (one may stay reachable, see ChurnIT): " + left);
        assertTrue(after - before < 8L << 20, "heap back near " + (before >> 20) + " MB: " + (after >> 20) + " MB");
    }

    private long awaitNoSessions() throws Exception {
        long left = server.instances("dev.wsengine.session.WsSession");
        for (int i = 0; i < 50 && left > 0; i++) {
            Thread.sleep(200);
            left = server.instances("dev.wsengine.session.WsSession");
        }
        return left;
    }
}
