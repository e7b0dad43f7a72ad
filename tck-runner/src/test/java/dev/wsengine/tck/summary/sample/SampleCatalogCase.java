package dev.wsengine.tck.summary.sample;

import org.junit.jupiter.api.Test;

/** A stand-in TCK class for TckCatalogTest (named so neither surefire nor failsafe runs it). */
public class SampleCatalogCase extends SampleBase {

    @Test
    public void firstTest() {
        // discovered, never run
    }

    @Test
    public void secondTest() {
        // discovered, never run
    }

    public void notATest() {
        // no @Test: not in the catalog
    }
}
