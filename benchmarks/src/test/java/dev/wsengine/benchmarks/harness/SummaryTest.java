package dev.wsengine.benchmarks.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Measurement m(int run, ServerKind server, Metric metric, double value) {
        return new Measurement(run, server, metric, value, 0.5);
    }

    @Test
    void medianOfOddCountIsTheMiddleAndOfEvenCountTheMeanOfTheMiddleTwo() {
        assertEquals(2.0, Summary.median(new double[] {1, 2, 9}));
        assertEquals(2.5, Summary.median(new double[] {1, 2, 3, 100}));
        assertEquals(7.0, Summary.median(new double[] {7}));
    }

    @Test
    void cellHoldsMedianMinAndMaxOverTheRuns() {
        Summary s = new Summary(List.of(
                m(0, ServerKind.JETTY, Metric.TEXT64_CPU, 5.0),
                m(1, ServerKind.JETTY, Metric.TEXT64_CPU, 3.0),
                m(2, ServerKind.JETTY, Metric.TEXT64_CPU, 4.0)));
        Summary.Cell c = s.cell(Metric.TEXT64_CPU, ServerKind.JETTY).orElseThrow();
        assertEquals(4.0, c.median());
        assertEquals(3.0, c.min());
        assertEquals(5.0, c.max());
        assertEquals(3, c.runs());
        assertFalse(c.clientBound());
    }

    @Test
    void bestPeerIsTheLowestMedianWhenLowerIsBetterAndOursOnTomcatIsNeverAPeer() {
        List<Measurement> all = new ArrayList<>();
        all.add(m(0, ServerKind.OURS_JETTY, Metric.TEXT64_CPU, 3.0));
        all.add(m(0, ServerKind.JETTY, Metric.TEXT64_CPU, 4.6));
        all.add(m(0, ServerKind.TOMCAT, Metric.TEXT64_CPU, 3.8));
        all.add(m(0, ServerKind.TYRUS, Metric.TEXT64_CPU, 5.6));
        all.add(m(0, ServerKind.OURS_TOMCAT, Metric.TEXT64_CPU, 1.0));
        Summary.Comparison c = new Summary(all).compare(Metric.TEXT64_CPU).orElseThrow();
        assertEquals(ServerKind.TOMCAT, c.peer());
        assertEquals(3.8, c.best());
        assertEquals(3.0 / 3.8, c.ratio(), 1e-12);
    }

    @Test
    void undertowIsAPeerAndOursOnUndertowIsNot() {
        List<Measurement> all = new ArrayList<>();
        all.add(m(0, ServerKind.OURS_JETTY, Metric.HANDSHAKE_CPU, 150));
        all.add(m(0, ServerKind.JETTY, Metric.HANDSHAKE_CPU, 260));
        all.add(m(0, ServerKind.UNDERTOW, Metric.HANDSHAKE_CPU, 140));
        all.add(m(0, ServerKind.OURS_UNDERTOW, Metric.HANDSHAKE_CPU, 100));
        Summary.Comparison c = new Summary(all).compare(Metric.HANDSHAKE_CPU).orElseThrow();
        assertEquals(ServerKind.UNDERTOW, c.peer());
        assertEquals(150.0 / 140, c.ratio(), 1e-12);
    }

    @Test
    void bestPeerIsTheHighestMedianWhenHigherIsBetter() {
        Summary s = new Summary(List.of(
                m(0, ServerKind.OURS_JETTY, Metric.HANDSHAKE_RATE, 900),
                m(0, ServerKind.JETTY, Metric.HANDSHAKE_RATE, 1000),
                m(0, ServerKind.TYRUS, Metric.HANDSHAKE_RATE, 3000)));
        Summary.Comparison c = s.compare(Metric.HANDSHAKE_RATE).orElseThrow();
        assertEquals(ServerKind.TYRUS, c.peer());
        assertEquals(0.3, c.ratio(), 1e-12);
    }

    @Test
    void aRunAboveNinetyPercentClientCpuMarksTheCellClientBound() {
        Summary s = new Summary(List.of(
                new Measurement(0, ServerKind.TOMCAT, Metric.TEXT64_RATE_100, 10_000, 0.95),
                new Measurement(1, ServerKind.TOMCAT, Metric.TEXT64_RATE_100, 11_000, 0.40)));
        assertTrue(s.cell(Metric.TEXT64_RATE_100, ServerKind.TOMCAT).orElseThrow().clientBound());
        assertTrue(Report.cell(s.cell(Metric.TEXT64_RATE_100, ServerKind.TOMCAT).orElseThrow()).endsWith("†"));
    }

    @Test
    void noComparisonWithoutOursOrWithoutAnyPeer() {
        Summary onlyPeers = new Summary(List.of(m(0, ServerKind.JETTY, Metric.P99, 300)));
        assertTrue(onlyPeers.compare(Metric.P99).isEmpty());
        Summary onlyOurs = new Summary(List.of(m(0, ServerKind.OURS_JETTY, Metric.P99, 300),
                m(0, ServerKind.OURS_TOMCAT, Metric.P99, 200)));
        assertTrue(onlyOurs.compare(Metric.P99).isEmpty());
    }

    @Test
    void noRatioOverABestPeerAtZeroOrBelow() {
        Summary s = new Summary(List.of(m(0, ServerKind.OURS_JETTY, Metric.IDLE_NATIVE, 28),
                m(0, ServerKind.TYRUS, Metric.IDLE_NATIVE, 0), m(0, ServerKind.JETTY, Metric.IDLE_NATIVE, 77)));
        assertTrue(s.compare(Metric.IDLE_NATIVE).isEmpty());
        assertTrue(Report.table(s).contains("| 28.0 | 77.0 | — | 0.00 | — | — |"), Report.table(s));
    }

    @Test
    void noRatioWhenOursIsBelowZero() {
        Summary s = new Summary(List.of(m(0, ServerKind.OURS_JETTY, Metric.IDLE_NATIVE, -612),
                m(0, ServerKind.JETTY, Metric.IDLE_NATIVE, 77)));
        assertTrue(s.compare(Metric.IDLE_NATIVE).isEmpty());
    }

    @Test
    void rawLinesRoundTrip() {
        Measurement m = new Measurement(2, ServerKind.TYRUS, Metric.IDLE_HEAP, 15150.5, Double.NaN);
        Measurement back = Measurement.fromTsv(m.toTsv());
        assertEquals(m.run(), back.run());
        assertEquals(m.server(), back.server());
        assertEquals(m.metric(), back.metric());
        assertEquals(m.value(), back.value());
        assertTrue(Double.isNaN(back.clientBusy()));
    }
}
