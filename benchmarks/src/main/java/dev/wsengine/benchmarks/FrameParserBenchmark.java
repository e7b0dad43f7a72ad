package dev.wsengine.benchmarks;

import dev.wsengine.framing.FrameListener;
import dev.wsengine.framing.FrameParser;
import dev.wsengine.framing.FrameWriter;
import dev.wsengine.framing.Opcode;
import dev.wsengine.framing.Utf8Decoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Server-side parsing of one masked client frame: header, unmasking and, for text, UTF-8
 * decoding. Parsing unmasks in place, so each operation first restores the masked frame;
 * {@link #restoreOnly} measures that copy alone, to be subtracted.
 *
 * <pre>
 * mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FrameParserBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameParserBenchmark {

    @Param({"64", "65536"})
    int payloadSize;

    @Param({"text", "binary"})
    String kind;

    private ByteBuffer pristine;
    private ByteBuffer work;
    private FrameParser parser;
    private final StringBuilder text = new StringBuilder(70_000);
    private final Utf8Decoder utf8 = new Utf8Decoder();
    private long bytesSeen;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] payload = new byte[payloadSize];
        Random random = new Random(1);
        boolean isText = kind.equals("text");
        for (int i = 0; i < payload.length; i++) {
            // Text: mostly ASCII with some two-byte characters, as chat and JSON are.
            payload[i] = isText ? (byte) ('a' + random.nextInt(26)) : (byte) random.nextInt();
        }
        if (isText) {
            for (int i = 0; i + 1 < payload.length; i += 16) {
                payload[i] = (byte) 0xC3;
                payload[i + 1] = (byte) 0xA9; // é
            }
        }
        int length = FrameWriter.headerLength(payloadSize, true) + payloadSize;
        pristine = ByteBuffer.allocate(length);
        FrameWriter.forClient().writeFrame(pristine, isText ? Opcode.TEXT : Opcode.BINARY, true, 0, ByteBuffer.wrap(payload));
        pristine.flip();
        work = ByteBuffer.allocate(length);
        parser = new FrameParser(new FrameListener() {
            @Override
            public void onDataFrame(int opcode, int rsv, boolean fin, ByteBuffer data, boolean start, boolean end) {
                if (opcode == Opcode.TEXT) {
                    utf8.decode(data, text);
                    if (fin && end) {
                        utf8.finish();
                        bytesSeen += text.length();
                        text.setLength(0);
                    }
                } else {
                    bytesSeen += data.remaining();
                }
            }

            @Override
            public void onControlFrame(int opcode, ByteBuffer data) {
            }
        }, true, Long.MAX_VALUE);
    }

    @Benchmark
    public long parse() {
        work.clear();
        work.put(pristine.duplicate()).flip();
        parser.parse(work);
        return bytesSeen;
    }

    @Benchmark
    public void restoreOnly(Blackhole hole) {
        work.clear();
        work.put(pristine.duplicate()).flip();
        hole.consume(work);
    }
}
