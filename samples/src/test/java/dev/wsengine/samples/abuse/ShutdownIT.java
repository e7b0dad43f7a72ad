package dev.wsengine.samples.abuse;

import dev.wsengine.testsupport.RawSocket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM with many sessions open: each hears 1001 and a FIN before the process ends. */
class ShutdownIT {

    @Test
    void aTerminationSignalGivesEverySessionItsGoingAway() throws Exception {
        int count = Scale.count("shutdown", 100, 500);
        List<RawSocket> sockets = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(count);
        try (SampleProcess server = SampleProcess.start(256)) {
            for (int i = 0; i < count; i++) {
                sockets.add(Wire.upgraded(server.port(), "/echo"));
            }
            long signalled = System.nanoTime();
            List<Future<Wire.Ending>> endings = new ArrayList<>();
            for (RawSocket socket : sockets) {
                endings.add(readers.submit(() -> Wire.ending(socket, signalled)));
            }
            server.terminate();
            long[] at = new long[count];
            for (int i = 0; i < count; i++) {
                Wire.Ending end = endings.get(i).get(60, TimeUnit.SECONDS);
                assertTrue(end.closedCleanly(1001), "session " + i + " at shutdown: " + end);
                at[i] = end.afterMs();
            }
            assertTrue(server.waitFor(20), "the server exited");
            Arrays.sort(at);
            System.out.printf("SIGTERM with %d sessions: every one got 1001 and a FIN, the first %d ms and the last %d ms"
                    + " after the signal%n", count, at[0], at[count - 1]);
            assertEquals(count, at.length);
            assertTrue(at[count - 1] < 10_000, "the last 1001 came " + at[count - 1] + " ms after the signal");
        } finally {
            readers.shutdownNow();
            for (RawSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
