package dev.wsengine.tck.summary.sample;

import org.junit.jupiter.api.Test;

/** Like the TCK's common client classes: its tests run as part of each subclass. */
public abstract class SampleBase {

    @Test
    public void inheritedTest() {
        // discovered, never run: TckCatalogTest only discovers
    }
}
