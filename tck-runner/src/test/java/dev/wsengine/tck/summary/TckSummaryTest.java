package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
