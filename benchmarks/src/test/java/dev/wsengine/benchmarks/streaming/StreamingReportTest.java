package dev.wsengine.benchmarks.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.benchmarks.streaming.StreamFigure.Run;
import dev.wsengine.benchmarks.streaming.StreamingBench.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingReportTest {

    @Test
    void outOfMemoryNamesTheServersFrameNotTheJdks() {
        String log = "SEVERE: Failed to complete processing of a request\n"
                + "java.lang.OutOfMemoryError: Java heap space\n"
                + "\tat java.base/java.nio.HeapByteBuffer.<init>(HeapByteBuffer.java:64)\n"
                + "\tat java.base/java.nio.ByteBuffer.allocate(ByteBuffer.java:363)\n"
                + "\tat org.apache.tomcat.websocket.WsFrameBase.processDataBinary(WsFrameBase.java:569)\n";
        assertEquals("OutOfMemoryError in the server's log (at org.apache.tomcat.websocket.WsFrameBase.processDataBinary(WsFrameBase.java:569))",
                StreamingBench.outOfMemory(log));
        assertEquals("", StreamingBench.outOfMemory("READY tomcat port=1 configurators=x\n"));
    }

    @Test
    void rateIsTheMedianOfTheFineRunsWithTheirRange() {
        List<Run> runs = List.of(new Run(true, "fine", 300, 0, 0, 1), new Run(true, "fine", 100, 0, 0, 1),
                new Run(true, "fine", 200, 0, 0, 1));
        assertEquals("200 [100–300]", StreamingReport.rate(runs));
        assertEquals("—", StreamingReport.rate(List.of(new Run(false, "FIN without a Close", 0, 0, 0, 1))));
    }

    @Test
    void outcomeSaysHowManyWereFineBeforeTheFirstFailure() {
        Series series = new Series(List.of(new Run(true, "fine", 1, 0, 0, 1), new Run(false, "Close 1009", 0, 0, 0, 1)), "");
        assertEquals("fine ×1, then Close 1009", StreamingReport.outcome(series));
        assertEquals("fine ×2", StreamingReport.outcome(new Series(List.of(new Run(true, "fine", 1, 0, 0, 1),
                new Run(true, "fine", 1, 0, 0, 1)), "")));
    }

    @Test
    void peakIsTheLargestOfTheRunsInMegabytes() {
        List<Run> runs = List.of(new Run(true, "fine", 1, 25_000_000, 5_000_000, 20),
                new Run(true, "fine", 1, 30_000_000, 4_000_000, 12));
        assertEquals("30 (12+ samples)", StreamingReport.peak(runs, false));
        assertEquals("5 (12+ samples)", StreamingReport.peak(runs, true));
    }
}
