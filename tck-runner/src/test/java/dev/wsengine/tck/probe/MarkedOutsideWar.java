package dev.wsengine.tck.probe;

/** Only on the test classpath, like the TCK's endpoints: the initializer must never see it. */
@ProbeMarker
public class MarkedOutsideWar {
}
