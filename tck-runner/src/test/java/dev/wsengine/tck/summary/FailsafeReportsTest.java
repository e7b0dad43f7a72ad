package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailsafeReportsTest {

    private static final String SESSION = "com.sun.ts.tests.websocket.ee.jakarta.websocket.session.WSClientIT";
    private static final String NEGDEP = "com.sun.ts.tests.websocket.negdep.malformedpath.WSCClientIT";

    @TempDir
    Path reports;

    private void report(String className, String testCases) throws Exception {
        Files.writeString(reports.resolve("TEST-" + className + ".xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="%s" tests="3">
                  <properties><property name="ws_wait" value="5"/></properties>
                  %s
                </testsuite>
                """.formatted(className, testCases));
    }

    @Test
    void readsPassedFailedErroredAndSkippedTests() throws Exception {
        report(SESSION, """
                <testcase name="getIdTest" classname="%1$s" time="0.2"/>
                <testcase name="closeTest" classname="%1$s" time="5.1">
                  <failure message="Test Failed: expected close code 1000&#10;second line" type="java.lang.Exception">stack</failure>
                  <system-out>noise</system-out>
                </testcase>
                <testcase name="pingTest()" classname="%1$s" time="0.1">
                  <error type="java.lang.NullPointerException">java.lang.NullPointerException
                	at x.y(Z.java:1)</error>
                </testcase>
                <testcase name="laterTest" classname="%1$s" time="0">
                  <skipped message="not yet"/>
                </testcase>
                """.formatted(SESSION));
        Files.writeString(reports.resolve("failsafe-summary.xml"), "<failsafe-summary/>");

        FailsafeReports read = FailsafeReports.read(reports);

        assertEquals(Outcome.PASSED, read.results().get(new TestId(SESSION, "getIdTest")).outcome());
        TestResult failed = read.results().get(new TestId(SESSION, "closeTest"));
        assertEquals(new TestResult(Outcome.FAILED, "Exception: Test Failed: expected close code 1000"), failed);
        assertEquals(new TestResult(Outcome.FAILED, "NullPointerException: java.lang.NullPointerException"),
                read.results().get(new TestId(SESSION, "pingTest")));
        assertEquals(Outcome.SKIPPED, read.results().get(new TestId(SESSION, "laterTest")).outcome());
        assertEquals(4, read.results().size());
        assertTrue(read.classErrors().isEmpty());
    }

    @Test
    void aClassThatFailedAsAWholeIsAClassErrorNotATest() throws Exception {
        report(NEGDEP, """
                <testcase name="" classname="%1$s" time="0">
                  <error message="Could not deploy" type="org.jboss.arquillian.container.spi.client.container.DeploymentException"/>
                </testcase>
                """.formatted(NEGDEP));

        FailsafeReports read = FailsafeReports.read(reports);

        assertTrue(read.results().isEmpty());
        assertEquals("DeploymentException: Could not deploy", read.classErrors().get(NEGDEP));
    }

    @Test
    void noReportsDirectoryMeansNoResults() throws Exception {
        FailsafeReports read = FailsafeReports.read(reports.resolve("missing"));
        assertTrue(read.results().isEmpty());
    }
}
