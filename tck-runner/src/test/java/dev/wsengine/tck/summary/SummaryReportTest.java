package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryReportTest {

    private static final TestId API = TestId.parse("api.jakarta.websocket.closereason.WSClientIT#constructorTest");
    private static final TestId EE = TestId.parse("ee.jakarta.websocket.session.WSClientIT#getIdTest");
    private static final TestId NEGDEP = TestId.parse("negdep.malformedpath.WSCClientIT#malformedPathTest");
    private static final TestId SIG = TestId.parse("signaturetest.WebSocketSigTestIT#signatureTest");
    private static final Set<TestId> CATALOG = new TreeSet<>(List.of(API, EE, NEGDEP, SIG));

    @TempDir
    Path reports;

    /** Writes one report per class; outcome "pass", "fail" or "skip". */
    private FailsafeReports reports(Map<TestId, String> outcomes) throws Exception {
        for (Map.Entry<TestId, String> e : outcomes.entrySet()) {
            String body = switch (e.getValue()) {
                case "pass" -> "";
                case "fail" -> "<failure message=\"boom\" type=\"java.lang.Exception\"/>";
                case "skip" -> "<skipped/>";
                default -> throw new IllegalArgumentException(e.getValue());
            };
            String xml = "<testsuite><testcase name=\"" + e.getKey().method() + "\" classname=\"" + e.getKey().className()
                    + "\">" + body + "</testcase></testsuite>";
            Files.writeString(reports.resolve("TEST-" + e.getKey().className() + "-" + e.getKey().method() + ".xml"), xml);
        }
        return FailsafeReports.read(reports);
    }

    @Test
    void countsPerAreaAndPassesWhenEveryFailureIsListed() throws Exception {
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "fail", NEGDEP, "skip", SIG, "pass")),
                Map.of(EE, "pongs not sent yet"), false);

        assertTrue(report.ok(), report.render());
        assertEquals("TCK: 2 passed, 1 failed, 1 skipped of 4", report.headline());
        String text = report.render();
        assertTrue(text.contains(String.format("%-10s %7d %7d %8d %7d", "ee", 0, 1, 0, 1)), text);
        assertTrue(text.contains(String.format("%-10s %7d %7d %8d %7d", "negdep", 0, 0, 1, 1)), text);
        assertTrue(text.contains(String.format("%-10s %7d %7d %8d %7d", "spec", 0, 0, 0, 0)), text);
        assertTrue(text.contains("expected   ee.jakarta.websocket.session.WSClientIT#getIdTest"), text);
        assertTrue(text.contains("listed: pongs not sent yet"), text);
    }

    @Test
    void anUnlistedFailureFailsTheRun() throws Exception {
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "fail", EE, "pass", NEGDEP, "pass", SIG, "pass")), Map.of(), false);

        assertFalse(report.ok());
        assertEquals(List.of(API), report.unexpectedFailures());
        assertTrue(report.render().contains("UNEXPECTED api.jakarta.websocket.closereason.WSClientIT#constructorTest"));
    }

    @Test
    void aListedTestThatPassesNowFailsTheRunSoTheListOnlyShrinks() throws Exception {
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "pass", NEGDEP, "pass", SIG, "pass")), Map.of(EE, "was broken"), false);

        assertFalse(report.ok());
        assertEquals(List.of(EE), report.passingButListed());
    }

    @Test
    void aTestMissingFromTheReportsCountsAsFailedWithItsClassError() throws Exception {
        Files.writeString(reports.resolve("TEST-negdep.xml"), "<testsuite><testcase name=\"\" classname=\""
                + NEGDEP.className() + "\"><error message=\"deploy threw\" type=\"x.DeploymentException\"/></testcase></testsuite>");
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "pass", SIG, "pass")), Map.of(), false);

        assertFalse(report.ok());
        assertEquals(List.of(NEGDEP), report.unexpectedFailures());
        assertEquals("TCK: 3 passed, 1 failed, 0 skipped of 4", report.headline());
        assertTrue(report.render().contains("DeploymentException: deploy threw"), report.render());
    }

    @Test
    void anIntermittentTestMayPassOrFail() throws Exception {
        Map<TestId, String> expected = Map.of(EE, "[intermittent] onClose races isOpen()");
        SummaryReport passing = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "pass", NEGDEP, "pass", SIG, "pass")), expected, false);

        assertTrue(passing.ok(), passing.render());
        assertTrue(passing.render().contains("Listed as intermittent, passed this time:\n  " + EE), passing.render());
    }

    @Test
    void aListedTestTheTckDoesNotHaveFailsTheRun() throws Exception {
        TestId typo = TestId.parse("ee.jakarta.websocket.session.WSClientIT#getIdTets");
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "pass", NEGDEP, "pass", SIG, "pass")), Map.of(typo, "why"), false);

        assertFalse(report.ok());
        assertEquals(List.of(typo), report.listedButUnknown());
    }

    @Test
    void aSubsetRunJudgesOnlyTheTestsThatRan() throws Exception {
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(EE, "fail")), Map.of(EE, "known", API, "known too"), true);

        assertTrue(report.ok(), report.render());
        assertEquals("TCK: 0 passed, 1 failed, 0 skipped of 1", report.headline());
    }

    @Test
    void aFailedRunnerSelfCheckFailsTheRun() throws Exception {
        TestId check = new TestId("dev.wsengine.tck.SignatureClasspathIT", "check");
        SummaryReport report = new SummaryReport("tck:1", CATALOG,
                reports(Map.of(API, "pass", EE, "pass", NEGDEP, "pass", SIG, "pass", check, "fail")), Map.of(), false);

        assertFalse(report.ok());
        assertEquals(4, report.total(), "self-checks are not TCK tests");
        assertTrue(report.render().contains("FAILED  dev.wsengine.tck.SignatureClasspathIT#check"), report.render());
    }

    @Test
    void noTestsAtAllIsNeverOk() throws Exception {
        assertFalse(new SummaryReport("tck:1", Set.of(), reports(Map.of()), Map.of(), false).ok());
    }
}
