package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;

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
}
