package dev.wsengine.tck.conformance;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueTest {

    @Test
    void coversEverySectionWithUniqueBehaviourNames() {
        List<ConformanceCase> cases = Catalogue.all(SuiteSettings.SAMPLE_ECHO_LIMIT);
        Set<String> sections = cases.stream().map(ConformanceCase::section).collect(Collectors.toSet());
        assertEquals(Set.of("handshake", "framing", "ping", "fragmentation", "utf8", "close", "limits", "pmd"), sections);
        assertEquals(cases.size(), cases.stream().map(ConformanceCase::id).distinct().count());
        assertTrue(cases.stream().allMatch(c -> c.id().matches("[a-z0-9]+\\.[a-z0-9.+^-]+")), "ids are section.behaviour");
    }

    @Test
    void leavesOutTheLimitCasesWhenTheLimitIsUnknown() {
        long withLimit = Catalogue.all(1024).stream().filter(c -> c.id().startsWith("limits.refuses")).count();
        long without = Catalogue.all(0).stream().filter(c -> c.id().startsWith("limits.refuses")).count();
        assertEquals(4, withLimit);
        assertEquals(0, without);
    }

    @Test
    void theAcceptedListNamesOnlyExistingCases() throws Exception {
        Set<String> ids = Catalogue.all(SuiteSettings.SAMPLE_ECHO_LIMIT).stream().map(ConformanceCase::id).collect(Collectors.toSet());
        AcceptedOutcomes accepted = AcceptedOutcomes.read(List.of(java.nio.file.Path.of("conformance-accepted.txt")));
        assertTrue(ids.containsAll(accepted.entries().keySet()), "stale lines: " + accepted.entries().keySet());
    }
}
