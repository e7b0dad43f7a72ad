package dev.wsengine.tck.conformance;

/** How the connection ended, graded apart from the behaviour (as Autobahn does). */
public enum CloseGrade {
    /** Close frames exchanged, then the server closed TCP within the bound. */
    CLEAN,
    /** No Close frame from the server, or TCP left open past the bound. */
    UNCLEAN,
    /** No WebSocket connection to close (handshake cases). */
    NONE
}
