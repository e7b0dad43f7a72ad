package dev.wsengine.tck.conformance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the suite against any echo endpoint and prints the report:
 *
 * <pre>
 * java -cp tck-runner/target/classes dev.wsengine.tck.conformance.ConformanceMain ws://127.0.0.1:8080/echo \
 *     [--limit BYTES] [--only PREFIX] [--accepted FILE]... [--out FILE]
 * </pre>
 *
 * {@code --limit} is the endpoint's message size limit (default 16 MiB, the sample echo
 * endpoint's; 0 leaves out the limit cases). Exit status 1 when a case is worse than accepted
 * (without {@code --accepted}: not OK).
 */
public final class ConformanceMain {

    private ConformanceMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: ConformanceMain ws://host:port/path [--limit BYTES] [--only PREFIX] [--accepted FILE]... [--out FILE]");
            System.exit(2);
        }
        URI target = URI.create(args[0]);
        long limit = SuiteSettings.SAMPLE_ECHO_LIMIT;
        String only = "";
        Path out = null;
        List<Path> acceptedFiles = new ArrayList<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--limit" -> limit = Long.parseLong(args[i + 1]);
                case "--only" -> only = args[i + 1];
                case "--accepted" -> acceptedFiles.add(Path.of(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String prefix = only;
        List<ConformanceCase> cases = Catalogue.all(limit).stream().filter(c -> c.id().startsWith(prefix)).toList();
        List<CaseResult> results = new SuiteRunner(SuiteSettings.of(target, limit)).run(cases,
                r -> System.err.printf("%-64s %s%n", r.id(), r.verdict().outcome()));
        AcceptedOutcomes accepted = AcceptedOutcomes.read(acceptedFiles);
        List<String> problems = accepted.problems(results);
        String report = ReportWriter.write(target.toString(), results, accepted, problems);
        System.out.print(report);
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
