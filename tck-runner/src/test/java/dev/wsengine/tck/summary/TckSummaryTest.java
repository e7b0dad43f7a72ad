package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TckSummaryTest {

    private static final String SESSION = "com.sun.ts.tests.websocket.ee.jakarta.websocket.session.WSClientIT";

    @TempDir
    Path dir;

    @Test
    void bothMeansJettyAndTomcatAllAddsUndertowAndAnUnknownNameIsRefused() {
        assertEquals(List.of("jetty", "tomcat"), TckSummary.containers("both"));
        assertEquals(List.of("jetty", "tomcat", "undertow"), TckSummary.containers("all"));
        assertEquals(List.of("tomcat"), TckSummary.containers("tomcat"));
        assertEquals(List.of("undertow"), TckSummary.containers("undertow"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TckSummary.containers("tomact"));
        assertTrue(e.getMessage().contains("tomact"), e.getMessage());
    }

    private void report(String container, String testCase) throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports-" + container));
        Files.writeString(reports.resolve("TEST-" + SESSION + ".xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="%1$s" tests="1">%2$s</testsuite>
                """.formatted(SESSION, testCase));
    }

    private String[] args() {
        return new String[] {
                "--containers=both",
                "--reports=" + dir.resolve("reports-{container}"),
                "--expected=" + dir.resolve("expected.txt") + "," + dir.resolve("expected-{container}.txt"),
                "--out=" + dir.resolve("summary-{container}.txt"),
                "--combined=" + dir.resolve("summary.txt"),
                "--only=" + SESSION};
    }

    @Test
    void judgesEachContainerAgainstItsOwnListAndWritesEachSummaryAndTheCombinedOne() throws Exception {
        report("jetty", "<testcase name=\"getIdTest\" classname=\"" + SESSION + "\"/>");
        report("tomcat", "<testcase name=\"getIdTest\" classname=\"" + SESSION + "\"><failure message=\"boom\"/></testcase>");
        Files.writeString(dir.resolve("expected.txt"), "# nothing fails everywhere\n");
        Files.writeString(dir.resolve("expected-tomcat.txt"), "ee.jakarta.websocket.session.WSClientIT#getIdTest Tomcat's fault\n");

        TckSummary.main(args());

        assertTrue(Files.readString(dir.resolve("summary-jetty.txt")).startsWith("TCK: 1 passed, 0 failed"));
        String tomcat = Files.readString(dir.resolve("summary-tomcat.txt"));
        assertTrue(tomcat.startsWith("TCK: 0 passed, 1 failed"), tomcat);
        assertTrue(tomcat.contains("on tomcat"), tomcat);
        String combined = Files.readString(dir.resolve("summary.txt"));
        assertTrue(combined.startsWith("=== jetty ===\nTCK: 1 passed"), combined);
        assertTrue(combined.contains("=== tomcat ===\nTCK: 0 passed, 1 failed"), combined);
    }

    @Test
    void failsAfterWritingEverySummaryWhenOneContainerHasAnUnlistedFailure() throws Exception {
        report("jetty", "<testcase name=\"getIdTest\" classname=\"" + SESSION + "\"><failure message=\"boom\"/></testcase>");
        report("tomcat", "<testcase name=\"getIdTest\" classname=\"" + SESSION + "\"/>");
        Files.writeString(dir.resolve("expected.txt"), "# nothing fails everywhere\n");

        TckSummary.TckMismatchException e = assertThrows(TckSummary.TckMismatchException.class, () -> TckSummary.main(args()));

        assertTrue(e.getMessage().startsWith("jetty: TCK: 0 passed, 1 failed"), e.getMessage());
        assertFalse(e.getMessage().contains("tomcat:"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("summary-tomcat.txt")));
        assertTrue(Files.exists(dir.resolve("summary.txt")));
    }

    /** Runs main with {@code extra} after {@link #args()}, returning what it printed. */
    private String printed(String... extra) throws Exception {
        String[] all = Stream.concat(Stream.of(args()), Stream.of(extra)).toArray(String[]::new);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            TckSummary.main(all);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"skipTests", "skipITs", "maven.test.skip"})
    void installedButSkippedTestsSayNotRunInOneLineAndDoNotFailOnTheMissingReports(String flag) throws Exception {
        // No reports at all: judged, this would be 737 failures on each container.
        String out = printed("--skipped=false", "--" + flag + "=true",
                "--artifact=jakarta.tck:websocket-tck-spec-tests:2.2.1-SNAPSHOT");

        assertEquals("TCK not run: -D" + flag + " skipped the tests"
                + " (jakarta.tck:websocket-tck-spec-tests:2.2.1-SNAPSHOT is installed).\n", out.replace(System.lineSeparator(), "\n"));
        assertFalse(Files.exists(dir.resolve("summary-jetty.txt")));
        assertFalse(Files.exists(dir.resolve("summary.txt")));
    }

    @Test
    void notInstalledWinsAndNamesTheReadmeSection() throws Exception {
        String out = printed("--skipped=true", "--skipTests=true");

        assertTrue(out.startsWith("TCK not run: jakarta.tck:websocket-tck-spec-tests is not installed"), out);
        assertTrue(out.contains("'The Jakarta WebSocket TCK'"), out);
        assertEquals(1, out.lines().count(), out);
    }

    @Test
    void namesEverySkipFlagGivenAndTakesFalseOrUninterpolatedValuesAsNotGiven() {
        assertEquals(Optional.of("TCK not run: -DskipTests and -Dmaven.test.skip skipped the tests (the TCK is installed)."),
                TckSummary.notRun(TckSummary.options(new String[] {
                        "--skipped=false", "--skipTests=true", "--skipITs=false", "--maven.test.skip=true"})));
        assertEquals(Optional.empty(), TckSummary.notRun(TckSummary.options(new String[] {
                "--skipped=false", "--skipTests=${skipTests}", "--skipITs=", "--maven.test.skip=false"})));
    }

    @Test
    void installedNotSkippedAndNoReportsFailsLoudly() throws Exception {
        Files.writeString(dir.resolve("expected.txt"), "# nothing fails everywhere\n");

        TckSummary.TckMismatchException e = assertThrows(TckSummary.TckMismatchException.class,
                () -> printed("--skipped=false", "--skipTests=false", "--skipITs=false", "--maven.test.skip=false"));

        // A subset run that found no report judges nothing, and nothing judged is not a pass.
        assertTrue(e.getMessage().startsWith("jetty: TCK: 0 passed, 0 failed, 0 skipped of 0"), e.getMessage());
        assertTrue(e.getMessage().contains("tomcat: TCK: 0 passed"), e.getMessage());
    }

    @Test
    void aPatternForOurOwnSuitesSaysTheTckDidNotRunAndDoesNotFail() throws Exception {
        String[] all = Stream.of(args()).map(a -> a.startsWith("--only=") ? "--only=ConformanceIT" : a)
                .toArray(String[]::new);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            TckSummary.run(TckSummary.options(all), Set.of(TestId.parse("ee.jakarta.websocket.session.WSClientIT#getIdTest")));
        } finally {
            System.setOut(original);
        }
        assertEquals("TCK not run: -Dit.test=ConformanceIT selects no TCK class.\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        assertFalse(Files.exists(dir.resolve("summary.txt")));
    }

    @Test
    void failsafePatternsThatCanSelectATckClass() {
        Set<TestId> catalog = Set.of(TestId.parse("ee.jakarta.websocket.session.WSClientIT#getIdTest"));
        assertTrue(TckSummary.selectsTckClass("WSClientIT", catalog));
        assertTrue(TckSummary.selectsTckClass("com.sun.ts.tests.websocket.ee.jakarta.websocket.session.*IT", catalog));
        assertTrue(TckSummary.selectsTckClass("**/*IT", catalog));
        assertTrue(TckSummary.selectsTckClass("ConformanceIT, WSClientIT#getIdTest", catalog));
        assertTrue(TckSummary.selectsTckClass("com/sun/ts/tests/websocket/**/WSClientIT.java", catalog));
        assertFalse(TckSummary.selectsTckClass("ConformanceIT", catalog));
        assertFalse(TckSummary.selectsTckClass("Embedded*ContainerIT,!WSClientIT", catalog));
        assertFalse(TckSummary.selectsTckClass("com.sun.ts.tests.websocket.ee.jakarta.websocket.session.WSClientIT2", catalog));
        assertTrue(TckSummary.selectsTckClass("ConformanceIT", Set.of()), "no catalog: judge the run");
    }
}
