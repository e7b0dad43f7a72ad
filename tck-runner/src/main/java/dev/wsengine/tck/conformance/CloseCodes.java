package dev.wsengine.tck.conformance;

/** RFC 6455 section 7.4: which status codes may appear in a Close frame on the wire. */
public final class CloseCodes {

    private CloseCodes() {
    }

    /**
     * 1000-1003 and 1007-1011 defined by the RFC, 1012-1014 registered with IANA since, 3000-4999
     * for libraries and applications. 1004 is reserved, 1005, 1006 and 1015 must never be sent.
     */
    public static boolean mayBeSent(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
