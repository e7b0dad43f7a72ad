package dev.wsengine.tck.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The step after failsafe: reads its reports, prints and writes the TCK summary, and fails
 * (non-zero exit, or an exception under exec:java) unless the failures are exactly the listed ones.
 *
 * <pre>
 * TckSummary --reports=DIR --expected=FILE --out=FILE [--deployments=DIR] [--artifact=GAV] [--only=PATTERN]
 * TckSummary --skipped=true      (prints why the TCK did not run)
 * </pre>
 */
public final class TckSummary {

    private TckSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        if (Boolean.parseBoolean(options.get("skipped"))) {
            System.out.println("TCK not run: jakarta.tck:websocket-tck-spec-tests is not in the local Maven repository"
                    + " (or -Dtck.skip=true was given); README, 'Running the TCK', says how to install it.");
            return;
        }
        Path reports = Path.of(required(options, "reports"));
        Path expectedFile = Path.of(required(options, "expected"));
        Path out = Path.of(required(options, "out"));
        String only = options.getOrDefault("only", "").strip();
        boolean subset = !only.isEmpty() && !only.startsWith("${");

        Set<TestId> catalog = TckCatalog.discover(TestId.TCK_PACKAGE.substring(0, TestId.TCK_PACKAGE.length() - 1));
        SummaryReport report = new SummaryReport(options.getOrDefault("artifact", "?"), catalog,
                FailsafeReports.read(reports), ExpectedFailures.read(expectedFile), subset);

        String deployments = options.containsKey("deployments")
                ? Deployments.read(Path.of(options.get("deployments"))).render() : "";
        String text = report.render(deployments);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text);
        System.out.println();
        System.out.print(text);
        System.out.println("(written to " + out + ")");
        if (!report.ok()) {
            throw new TckMismatchException(report.headline() + "; the failures differ from " + expectedFile
                    + " (details above and in " + out + ")");
        }
    }

    /** The run's failures differ from the expected-failures list. */
    public static final class TckMismatchException extends RuntimeException {
        TckMismatchException(String message) {
            super(message);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + "=... is required");
        }
        return value;
    }
}
