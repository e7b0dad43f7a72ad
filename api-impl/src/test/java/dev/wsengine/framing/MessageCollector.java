package dev.wsengine.framing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A minimal message layer for framing tests: reassembles messages, decodes text through
 * {@link Utf8Decoder} and writes down everything as lines, ending with the close code of a
 * failure if there is one.
 */
final class MessageCollector implements FrameListener {

    final List<String> events = new ArrayList<>();
    private final Utf8Decoder utf8 = new Utf8Decoder();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private int messageOpcode;

    @Override
    public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer payload, boolean frameStart, boolean frameEnd) {
        if (opcode != Opcode.CONTINUATION) {
            messageOpcode = opcode;
        }
        if (messageOpcode == Opcode.TEXT) {
            utf8.decode(payload, text);
        } else {
            while (payload.hasRemaining()) {
                binary.write(payload.get());
            }
        }
        if (fin && frameEnd) {
            if (messageOpcode == Opcode.TEXT) {
                utf8.finish();
                events.add("text " + text);
                text.setLength(0);
            } else {
                events.add("binary " + HexFormat.of().formatHex(binary.toByteArray()));
                binary.reset();
            }
        }
    }

    @Override
    public void onControlFrame(int opcode, ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.get(b);
        events.add((opcode == Opcode.PING ? "ping " : opcode == Opcode.PONG ? "pong " : "close ")
                + HexFormat.of().formatHex(b));
    }

    /** Feeds the bytes in the given pieces; a violation ends the list with "fail CODE". */
    static List<String> parse(boolean expectMasked, long maxFrame, List<byte[]> pieces) {
        MessageCollector collector = new MessageCollector();
        FrameParser parser = new FrameParser(collector, expectMasked, maxFrame);
        try {
            for (byte[] piece : pieces) {
                parser.parse(ByteBuffer.wrap(piece.clone()));
            }
        } catch (ProtocolViolation v) {
            collector.events.add("fail " + v.closeCode());
        }
        return collector.events;
    }
}
