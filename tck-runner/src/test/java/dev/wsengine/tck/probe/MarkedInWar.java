package dev.wsengine.tck.probe;

/** Packaged into the test WARs: the initializer must be handed this one. */
@ProbeMarker
public class MarkedInWar {
}
