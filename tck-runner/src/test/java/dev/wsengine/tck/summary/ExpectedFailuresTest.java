package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectedFailuresTest {

    @Test
    void readsTestsWithTheirReasonsSkippingCommentsAndBlankLines() {
        Map<TestId, String> expected = ExpectedFailures.parse(List.of(
                "# comment",
                "",
                "ee.a.WSClientIT#one   server does not send pongs yet",
                "  spec.b.WSClientIT#two\tclose code 1006 instead of 1011  "), "list");

        assertEquals(Map.of(
                TestId.parse("ee.a.WSClientIT#one"), "server does not send pongs yet",
                TestId.parse("spec.b.WSClientIT#two"), "close code 1006 instead of 1011"), expected);
    }

    @Test
    void rejectsATestWithoutAReasonNamingTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpectedFailures.parse(List.of("# c", "ee.a.WSClientIT#one"), "list"));
        assertTrue(e.getMessage().startsWith("list:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("no reason"), e.getMessage());
    }

    @Test
    void rejectsATestListedTwice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpectedFailures.parse(List.of("ee.a.WSClientIT#one why", "ee.a.WSClientIT#one again"), "list"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void rejectsAnEntryThatIsNotATestName() {
        assertThrows(IllegalArgumentException.class,
                () -> ExpectedFailures.parse(List.of("WSClientIT because"), "list"));
    }

    @Test
    void joinsTheCommonListWithAContainersOwnAndToleratesAMissingOwnList(@TempDir Path dir) throws IOException {
        Path common = Files.writeString(dir.resolve("common.txt"), "ee.a.WSClientIT#one fails everywhere\n");
        Path tomcat = Files.writeString(dir.resolve("tomcat.txt"), "spec.b.WSClientIT#two Tomcat's fault\n");

        assertEquals(Map.of(TestId.parse("ee.a.WSClientIT#one"), "fails everywhere",
                        TestId.parse("spec.b.WSClientIT#two"), "Tomcat's fault"),
                ExpectedFailures.readAll(List.of(common, tomcat)));
        assertEquals(Map.of(TestId.parse("ee.a.WSClientIT#one"), "fails everywhere"),
                ExpectedFailures.readAll(List.of(common, dir.resolve("jetty.txt"))));
    }

    @Test
    void requiresTheCommonListAndRejectsATestInTwoLists(@TempDir Path dir) throws IOException {
        Path common = Files.writeString(dir.resolve("common.txt"), "ee.a.WSClientIT#one why\n");
        Path again = Files.writeString(dir.resolve("tomcat.txt"), "ee.a.WSClientIT#one why again\n");

        assertThrows(IOException.class, () -> ExpectedFailures.readAll(List.of(dir.resolve("none.txt"), common)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExpectedFailures.readAll(List.of(common, again)));
        assertTrue(e.getMessage().contains("tomcat.txt"), e.getMessage());
    }
}
