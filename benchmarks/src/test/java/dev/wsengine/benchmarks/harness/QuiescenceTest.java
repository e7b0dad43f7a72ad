package dev.wsengine.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuiescenceTest {

    private static final long WINDOW = 100;

    /** A fake server that is busy at {@code busyShare} of a core for the first {@code busyWindows} windows, then idle. */
    private static final class FakeServer {
        long now;
        long cpu;
        int windows;

        Quiescence quiescence(int busyWindows, double busyShare) {
            return new Quiescence(() -> cpu, () -> now, nanos -> {
                now += nanos;
                if (windows++ < busyWindows) {
                    cpu += (long) (busyShare * nanos);
                }
            }, WINDOW, 0.05);
        }
    }

    @Test
    void returnsAfterTheFirstQuietWindow() throws InterruptedException {
        FakeServer server = new FakeServer();
        Quiescence.Outcome outcome = server.quiescence(3, 0.5).await(10 * WINDOW);
        assertTrue(outcome.quiet());
        assertEquals(4 * WINDOW, outcome.waitedNanos());
    }

    @Test
    void anAlreadyQuietServerCostsOneWindow() throws InterruptedException {
        FakeServer server = new FakeServer();
        Quiescence.Outcome outcome = server.quiescence(0, 0.5).await(10 * WINDOW);
        assertTrue(outcome.quiet());
        assertEquals(WINDOW, outcome.waitedNanos());
    }

    @Test
    void aServerJustUnderTheThresholdCountsAsQuiet() throws InterruptedException {
        FakeServer server = new FakeServer();
        assertTrue(server.quiescence(5, 0.04).await(10 * WINDOW).quiet());
    }

    @Test
    void givesUpOnAServerThatNeverGoesQuiet() throws InterruptedException {
        FakeServer server = new FakeServer();
        Quiescence.Outcome outcome = server.quiescence(Integer.MAX_VALUE, 0.2).await(5 * WINDOW);
        assertFalse(outcome.quiet());
        assertEquals(5 * WINDOW, outcome.waitedNanos());
    }
}
