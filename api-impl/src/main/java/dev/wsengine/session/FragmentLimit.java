package dev.wsengine.session;

import dev.wsengine.settings.PeerLimits;
import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.ProtocolViolation;

import java.nio.ByteBuffer;

/**
 * Counts the frames of the message being received and refuses, with 1009, the frame header that
 * takes it past {@link PeerLimits#maxFragmentsPerMessage()}: before any of that frame's payload is
 * read, and before a message that never ends has cost more than its headers. Sits right behind
 * the parser, so compressed and plain messages are counted alike, in wire frames.
 */
final class FragmentLimit implements FrameListener {

    private final FrameListener next;
    private final int maxFragments;
    private int fragments;

    FragmentLimit(FrameListener next, int maxFragments) {
        this.next = next;
        this.maxFragments = maxFragments;
    }

    @Override
    public void onDataFrameHeader(int opcode, int rsv, boolean fin, long payloadLength) {
        fragments = opcode == Opcode.CONTINUATION ? fragments + 1 : 1;
        if (fragments > maxFragments) {
            throw ProtocolViolation.tooBig("The message has more than " + maxFragments
                    + " frames (maxFragmentsPerMessage)");
        }
        next.onDataFrameHeader(opcode, rsv, fin, payloadLength);
    }

    @Override
    public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd) {
        next.onDataFrame(opcode, rsv, fin, payload, frameStart, frameEnd);
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) {
        next.onControlFrame(opcode, payload);
    }
}
