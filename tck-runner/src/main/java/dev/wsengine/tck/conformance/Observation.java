package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/**
 * What came back on one connection. {@code closeCode} is the server's Close status (-1 for a
 * Close without payload) when {@code closeSeen}; {@code tcpClosedInTime} says whether the server
 * closed TCP within the bound after the Close frames were exchanged.
 */
public final class Observation {

    public final List<Received> items = new ArrayList<>();
    public final List<String> violations = new ArrayList<>();
    public boolean closeSeen;
    public int closeCode = -1;
    public byte[] closeReason = new byte[0];
    public boolean clientCloseSent;
    public boolean tcpClosed;
    public boolean tcpClosedInTime;
    public boolean timedOut;
    public String ioProblem;

    @Override
    public String toString() {
        return "items " + items + (closeSeen ? ", Close " + (closeCode < 0 ? "(empty)" : closeCode) : ", no Close")
                + (tcpClosed ? ", TCP closed" + (tcpClosedInTime ? "" : " late") : ", TCP open")
                + (timedOut ? ", timed out" : "") + (violations.isEmpty() ? "" : ", violations " + violations)
                + (ioProblem == null ? "" : ", " + ioProblem);
    }
}
