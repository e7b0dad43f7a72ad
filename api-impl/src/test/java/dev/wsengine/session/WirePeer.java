package dev.wsengine.session;

import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.FrameParser;
import dev.wsengine.framing.FrameWriter;
import dev.wsengine.framing.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The other end of a session under test: makes the frames it sends and reads the frames it gets. */
final class WirePeer {

    /** A frame as the peer saw it: opcode, FIN, RSV bits and the payload. */
    record Frame(int opcode, boolean fin, int rsv, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final FrameWriter writer;
    private final boolean sessionIsClient;

    /** @param sessionIsClient true when the session under test is the client, so this peer is a server */
    WirePeer(boolean sessionIsClient) {
        this.sessionIsClient = sessionIsClient;
        this.writer = sessionIsClient ? FrameWriter.forServer() : FrameWriter.forClient();
    }

    byte[] frame(int opcode, boolean fin, byte[] payload) {
        return frame(opcode, fin, 0, payload);
    }

    byte[] frame(int opcode, boolean fin, int rsv, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.headerLength(payload.length, writer.masks()) + payload.length);
        writer.writeFrame(out, opcode, fin, rsv, ByteBuffer.wrap(payload));
        return out.array();
    }

    byte[] text(String text) {
        return frame(Opcode.TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(Opcode.CLOSE, true, p);
    }

    /** Splits what the session wrote into whole frames (the session's frames are never masked by a server). */
    List<Frame> read(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        FrameParser parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd) {
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                current.write(b, 0, b.length);
                if (frameEnd) {
                    frames.add(new Frame(opcode, fin, rsv, current.toByteArray()));
                    current.reset();
                }
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer payload) {
                byte[] b = new byte[payload.remaining()];
                payload.get(b);
                frames.add(new Frame(opcode, true, 0, b));
            }
        }, sessionIsClient, Long.MAX_VALUE);
        parser.setAllowedRsv(0b111);
        parser.parse(ByteBuffer.wrap(bytes));
        return frames;
    }
}
