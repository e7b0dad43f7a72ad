package dev.wsengine.tck.conformance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the whole wire-conformance suite against each target's echo endpoint, writes
 * {@code target/conformance-<name>.txt}, and fails when a case comes out other than
 * {@code conformance-accepted.txt} (and {@code conformance-accepted-<name>.txt}) allow.
 * {@code -Dconformance.only=utf8.,close.} runs only the cases whose ids start so.
 */
class ConformanceIT {

    static List<ConformanceTarget> targets() {
        return ConformanceTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void echoEndpointConformsToTheRfcs(ConformanceTarget target) throws Exception {
        try (target) {
            URI echo = target.start();
            SuiteSettings settings = SuiteSettings.of(echo, target.maxMessage());
            String only = System.getProperty("conformance.only", "").strip();
            List<ConformanceCase> cases = Catalogue.all(target.maxMessage()).stream()
                    .filter(c -> only.isEmpty() || List.of(only.split(",")).stream().anyMatch(p -> c.id().startsWith(p.strip())))
                    .toList();
            List<CaseResult> results = new SuiteRunner(settings).run(cases,
                    r -> System.out.printf("%-64s %-20s %5d ms %s%n", r.id(), r.verdict().outcome(), r.millis(), r.verdict().detail()));

            Path accepted = Path.of(System.getProperty("conformance.accepted", "conformance-accepted.txt"));
            Path perTarget = accepted.resolveSibling(accepted.getFileName().toString().replace(".txt", "-" + target.name() + ".txt"));
            AcceptedOutcomes acceptedOutcomes = AcceptedOutcomes.read(List.of(accepted, perTarget));
            List<String> problems = acceptedOutcomes.problems(results);
            String report = ReportWriter.write(target.name() + " " + echo, results, acceptedOutcomes, problems);
            Path reportFile = Path.of(System.getProperty("conformance.reportDir", "target")).resolve("conformance-" + target.name() + ".txt");
            Files.createDirectories(reportFile.getParent());
            Files.writeString(reportFile, report, StandardCharsets.UTF_8);
            System.out.print(report);

            assertTrue(!only.isEmpty() || cases.size() >= 150, "the catalogue shrank to " + cases.size() + " cases");
            assertTrue(!cases.isEmpty(), "no case starts with " + only);
            assertTrue(problems.isEmpty(), target.name() + ": " + problems.size() + " case(s) not as accepted (see " + reportFile
                    + "):\n  " + String.join("\n  ", problems));
        }
    }
}
