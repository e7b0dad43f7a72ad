package dev.wsengine.extensions;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages through our deflater and back through our inflater as the session will drive them:
 * sent whole or in parts, received in frames cut at random points, over many messages so that
 * context takeover (or its absence) matters.
 */
class DeflateRoundTripTest {

    private static final String[] WORDS = {"session", "frame", "message", "deflate", "window", "context",
            "{\"id\":", "\"type\":\"update\"", "ünïcödé", "€", "👍", " ", " ", ", ", "\n"};

    @ParameterizedTest(name = "{0} data, {1} context takeover, level {2}")
    @CsvSource({
            "text,   with,    6",
            "text,   without, 6",
            "text,   with,    1",
            "random, with,    6",
            "random, without, 1",
            "mixed,  with,    9",
            "mixed,  without, 0",
    })
    void messagesSurviveTheRoundTrip(String data, String contextTakeover, int level) {
        boolean noContextTakeover = contextTakeover.equals("without");
        Random random = new Random(data.hashCode() * 31L + level + (noContextTakeover ? 1 : 0));
        MessageDeflater deflater = new MessageDeflater(noContextTakeover, level, 256);
        MessageInflater inflater = new MessageInflater(noContextTakeover, 300);
        Collector sink = new Collector();
        long compressedTotal = 0;
        long plainTotal = 0;
        for (int m = 0; m < 200; m++) {
            byte[] plain = message(data, random, m);
            plainTotal += plain.length;
            List<byte[]> frames = new ArrayList<>();
            // Sent whole, or in up to four parts, each part's output one frame.
            int parts = random.nextInt(4) + 1;
            int from = 0;
            for (int p = 1; p <= parts; p++) {
                int to = p == parts ? plain.length : from + random.nextInt(plain.length - from + 1);
                ByteBuffer out = deflater.deflate(ByteBuffer.wrap(plain, from, to - from), p == parts);
                byte[] frame = new byte[out.remaining()];
                out.get(frame);
                frames.add(frame);
                from = to;
            }
            sink.reset();
            for (int f = 0; f < frames.size(); f++) {
                byte[] frame = frames.get(f);
                compressedTotal += frame.length;
                // Each frame arrives in one to three pieces.
                int cut = frame.length == 0 ? 0 : random.nextInt(frame.length + 1);
                inflater.inflate(ByteBuffer.wrap(frame, 0, cut), false, plain.length, sink);
                inflater.inflate(ByteBuffer.wrap(frame, cut, frame.length - cut), f == frames.size() - 1, plain.length, sink);
            }
            assertArrayEquals(plain, sink.bytes(), "message " + m);
        }
        if (data.equals("text") && level > 0) {
            assertTrue(compressedTotal < plainTotal / 2, "text compressed to " + compressedTotal + " of " + plainTotal);
        }
        deflater.release();
        inflater.release();
    }

    private static byte[] message(String data, Random random, int index) {
        return switch (data) {
            case "text" -> text(random);
            case "random" -> randomBytes(random);
            default -> index % 2 == 0 ? text(random) : randomBytes(random);
        };
    }

    private static byte[] text(Random random) {
        int words = random.nextInt(2000);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(70_000)];
        random.nextBytes(bytes);
        return bytes;
    }
}
