package dev.wsengine.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitWarmupTest {

    private static final long SLICE = 100;

    /** Slices of load on a fake server whose compilers use {@code shares[i]} of a core in slice i (the last share repeats). */
    private static final class FakeServer {
        long now;
        long compiler;
        int slices;

        /** Runs slices until the warm-up says stop; returns how many ran. */
        int warm(JitWarmup warmup, double... shares) {
            do {
                double share = shares[Math.min(slices, shares.length - 1)];
                now += SLICE;
                compiler += (long) (share * SLICE);
                slices++;
            } while (warmup.goOn());
            return slices;
        }

        JitWarmup warmup(long min, long max) {
            return new JitWarmup(() -> compiler, () -> now, 0.05, 2, min, max);
        }
    }

    @Test
    void endsAfterTwoQuietSlicesInARow() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(0, 100 * SLICE);
        assertEquals(6, server.warm(warmup, 0.3, 0.3, 0.3, 0.3, 0.0));
        assertTrue(warmup.outcome().quiet());
        assertEquals(6 * SLICE, warmup.outcome().tookNanos());
    }

    @Test
    void aBusySliceBetweenQuietOnesStartsTheCountAgain() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(0, 100 * SLICE);
        // Quiet, busy (a recompilation), quiet, quiet.
        assertEquals(4, server.warm(warmup, 0.0, 0.4, 0.0, 0.0));
        assertTrue(warmup.outcome().quiet());
    }

    @Test
    void compilersJustUnderTheThresholdCountAsQuiet() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(0, 100 * SLICE);
        assertEquals(2, server.warm(warmup, 0.04));
        assertTrue(warmup.outcome().quiet());
    }

    @Test
    void runsAtLeastTheMinimumEvenWhenQuietAtOnce() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(5 * SLICE, 100 * SLICE);
        assertEquals(5, server.warm(warmup, 0.0));
        assertEquals(5 * SLICE, warmup.outcome().tookNanos());
    }

    @Test
    void givesUpAtTheMaximumOnCompilersThatNeverGoQuiet() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(0, 7 * SLICE);
        assertEquals(7, server.warm(warmup, 0.25));
        assertFalse(warmup.outcome().quiet());
        assertEquals(7 * SLICE, warmup.outcome().tookNanos());
        assertFalse(warmup.goOn(), "an ended warm-up stays ended");
    }

    @Test
    void hasNoOutcomeBeforeItEnds() {
        FakeServer server = new FakeServer();
        JitWarmup warmup = server.warmup(0, 100 * SLICE);
        assertThrows(IllegalStateException.class, warmup::outcome);
    }
}
