package dev.wsengine.tck.conformance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceptedOutcomesTest {

    private static CaseResult result(String id, Grade grade, CloseGrade close) {
        return new CaseResult(id, "", new Verdict(grade, close, "why"), 1);
    }

    private static AcceptedOutcomes listing(String... lines) throws IOException {
        Path file = Files.createTempFile("accepted", ".txt");
        try {
            Files.write(file, List.of(lines));
            return AcceptedOutcomes.read(List.of(file, file.resolveSibling("missing-" + file.getFileName())));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void okAndInformationalNeedNoLine() throws IOException {
        AcceptedOutcomes none = listing("# nothing");
        assertEquals(List.of(), none.problems(List.of(result("a", Grade.OK, CloseGrade.CLEAN),
                result("b", Grade.INFORMATIONAL, CloseGrade.CLEAN), result("c", Grade.OK, CloseGrade.NONE))));
    }

    @Test
    void anythingElseUnlistedIsAProblem() throws IOException {
        List<String> problems = listing().problems(List.of(result("a", Grade.OK, CloseGrade.UNCLEAN),
                result("b", Grade.UNIMPLEMENTED, CloseGrade.CLEAN), result("c", Grade.FAILED, CloseGrade.UNCLEAN)));
        assertEquals(3, problems.size());
        assertTrue(problems.get(0).startsWith("a: OK+UNCLEAN (not accepted)"), problems.get(0));
    }

    @Test
    void aListedCaseMustComeOutExactlyAsListed() throws IOException {
        AcceptedOutcomes accepted = listing("b UNIMPLEMENTED declined on purpose", "c non-strict+unclean tolerated for now");
        assertEquals(List.of(), accepted.problems(List.of(result("b", Grade.UNIMPLEMENTED, CloseGrade.CLEAN),
                result("c", Grade.NON_STRICT, CloseGrade.UNCLEAN))));
        List<String> worse = accepted.problems(List.of(result("b", Grade.FAILED, CloseGrade.CLEAN)));
        assertTrue(worse.get(0).contains("listed as UNIMPLEMENTED"), worse.get(0));
        List<String> better = accepted.problems(List.of(result("b", Grade.OK, CloseGrade.CLEAN)));
        assertTrue(better.get(0).contains("delete the line"), better.get(0));
    }

    @Test
    void refusesLinesWithoutReasonOrWithUnknownGrades() {
        assertThrows(IllegalArgumentException.class, () -> AcceptedOutcomes.parse(List.of("a FAILED"), "x"));
        assertThrows(IllegalArgumentException.class, () -> AcceptedOutcomes.parse(List.of("a BROKEN because"), "x"));
    }
}
