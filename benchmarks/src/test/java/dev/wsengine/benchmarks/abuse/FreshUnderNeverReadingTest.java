package dev.wsengine.benchmarks.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FreshUnderNeverReadingTest {

    @Test
    void p99OfTwoHundredRoundTripsIsTheOneHundredNinetyEighthFastest() {
        long[] trips = new long[200];
        for (int i = 0; i < trips.length; i++) {
            trips[i] = 1000L * (200 - i); // descending: the sort must happen
        }
        assertEquals(198_000L, FreshUnderNeverReading.p99(trips));
    }

    @Test
    void p99OfFewerThanAHundredIsTheSlowest() {
        assertEquals(7L, FreshUnderNeverReading.p99(new long[] {3, 7, 5}));
    }
}
