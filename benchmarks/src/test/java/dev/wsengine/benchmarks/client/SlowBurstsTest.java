package dev.wsengine.benchmarks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlowBurstsTest {

    private static final long MS = 1_000_000L;

    @Test
    void oneStallAcrossConnectionsIsOneBurst() {
        // Sends 1 ms apart on different connections, all caught by one 5 ms stall: each waits less the later it was sent.
        long[] sent = {100 * MS, 101 * MS, 102 * MS, 103 * MS, 104 * MS, 200 * MS};
        long[] took = {5 * MS, 4 * MS, 3 * MS, 2 * MS, MS, MS / 10};
        assertEquals(1, SlowBursts.count(sent, took));
    }

    @Test
    void slowSamplesFarApartAreSeparateBursts() {
        long[] sent = {0, 30 * MS, 512 * MS, 513 * MS, 1024 * MS};
        long[] took = {2 * MS, 2 * MS, 9 * MS, 8 * MS, 3 * MS};
        assertEquals(4, SlowBursts.count(sent, took));
    }

    @Test
    void orderDoesNotMatterAndFastSamplesDoNotCount() {
        long[] sent = {513 * MS, 0, 5 * MS, 512 * MS};
        long[] took = {8 * MS, 2 * MS, MS - 1, 9 * MS};
        assertEquals(2, SlowBursts.count(sent, took));
        assertEquals(0, SlowBursts.count(new long[] {0, MS}, new long[] {MS / 2, MS - 1}));
        assertEquals(0, SlowBursts.count(new long[0], new long[0]));
    }

    @Test
    void arraysMustBeParallel() {
        assertThrows(IllegalArgumentException.class, () -> SlowBursts.count(new long[2], new long[1]));
    }
}
