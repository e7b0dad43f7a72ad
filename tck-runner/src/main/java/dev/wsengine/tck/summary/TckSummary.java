package dev.wsengine.tck.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The step after failsafe: reads the reports of each container's run, prints and writes its
 * summary, writes all of them into one combined file, and fails (non-zero exit, or an exception
 * under exec:java) unless on every container the failures are exactly the listed ones.
 *
 * <pre>
 * TckSummary --containers=both|all|jetty|tomcat|undertow --reports=DIR --expected=FILE[,FILE...] --out=FILE
 *            [--combined=FILE] [--deployments=DIR] [--artifact=GAV] [--only=PATTERN]
 * TckSummary --skipped=true      (prints why the TCK did not run)
 * TckSummary --skipTests=true | --skipITs=true | --maven.test.skip=true
 *                                (the TCK is installed but the build skipped its tests: says so)
 * </pre>
 * {@value #CONTAINER} in a path stands for the container's name ({@code jetty}, {@code tomcat}, {@code undertow}).
 */
public final class TckSummary {

    static final String CONTAINER = "{container}";
    static final List<String> CONTAINERS = List.of("jetty", "tomcat", "undertow");
    /** What {@code both} has meant since there were two containers, and still means. */
    static final List<String> BOTH = List.of("jetty", "tomcat");
    /** Maven's properties that skip the TCK's run, each passed as {@code --name=value}. */
    static final List<String> SKIP_FLAGS = List.of("skipTests", "skipITs", "maven.test.skip");

    private TckSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        Optional<String> notRun = notRun(options);
        if (notRun.isPresent()) {
            System.out.println(notRun.get());
            return;
        }
        run(options, TckCatalog.discover(TestId.TCK_PACKAGE.substring(0, TestId.TCK_PACKAGE.length() - 1)));
    }

    static void run(Map<String, String> options, Set<TestId> catalog) throws IOException {
        List<String> containers = containers(options.getOrDefault("containers", "jetty"));
        String only = options.getOrDefault("only", "").strip();
        boolean subset = !only.isEmpty() && !only.startsWith("${");
        if (subset && !selectsTckClass(only, catalog)) {
            // -Dit.test=ConformanceIT (tck-runner/README.md's command for the wire suite) with the TCK installed.
            System.out.println("TCK not run: -Dit.test=" + only + " selects no TCK class.");
            return;
        }

        StringBuilder combined = new StringBuilder();
        List<String> mismatches = new ArrayList<>();
        for (String container : containers) {
            List<Path> expectedFiles = Arrays.stream(required(options, "expected").split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).map(s -> Path.of(forContainer(s, container))).toList();
            SummaryReport report = new SummaryReport(options.getOrDefault("artifact", "?") + " on " + container, catalog,
                    FailsafeReports.read(Path.of(forContainer(required(options, "reports"), container))),
                    ExpectedFailures.readAll(expectedFiles), subset);
            String deployments = options.containsKey("deployments")
                    ? Deployments.read(Path.of(forContainer(options.get("deployments"), container))).render() : "";
            String text = report.render(deployments);
            Path out = Path.of(forContainer(required(options, "out"), container));
            write(out, text);
            System.out.println();
            System.out.print(text);
            System.out.println("(written to " + out + ")");
            combined.append(combined.isEmpty() ? "" : "\n").append("=== ").append(container).append(" ===\n").append(text);
            if (!report.ok()) {
                mismatches.add(container + ": " + report.headline() + "; the failures differ from " + expectedFiles
                        + " (details above and in " + out + ")");
            }
        }
        if (options.containsKey("combined")) {
            write(Path.of(options.get("combined")), combined.toString());
        }
        if (!mismatches.isEmpty()) {
            throw new TckMismatchException(String.join("\n", mismatches));
        }
    }

    /**
     * Why there is nothing to judge, in one line, or empty when the TCK ran: it is not installed
     * ({@code --skipped}, from {@code tck.skip}), or the build skipped tests ({@code --skipTests},
     * {@code --skipITs}, {@code --maven.test.skip}, from Maven's properties of the same names). A
     * value Maven left uninterpolated ({@code ${skipITs}}) counts as not given.
     */
    static Optional<String> notRun(Map<String, String> options) {
        if (isTrue(options, "skipped")) {
            return Optional.of("TCK not run: jakarta.tck:websocket-tck-spec-tests is not installed where the profiles"
                    + " tck-official and tck-source look (or -Dtck.skip=true was given); tck-runner/README.md,"
                    + " 'The Jakarta WebSocket TCK', says how to install it.");
        }
        List<String> given = SKIP_FLAGS.stream().filter(flag -> isTrue(options, flag)).map(flag -> "-D" + flag).toList();
        if (!given.isEmpty()) {
            return Optional.of("TCK not run: " + String.join(" and ", given) + " skipped the tests ("
                    + options.getOrDefault("artifact", "the TCK") + " is installed).");
        }
        return Optional.empty();
    }

    /**
     * True when one of failsafe's {@code -Dit.test} patterns ({@code Name}, {@code pkg.*IT},
     * {@code **}{@code /*IT}, {@code Class#method}; comma-separated, {@code !} excludes) can select a
     * class of the TCK. A pattern meant for the TCK that selects nothing still fails the run.
     */
    static boolean selectsTckClass(String only, Set<TestId> catalog) {
        if (catalog.isEmpty()) {
            return true; // nothing to tell by: judge the run, which then fails for want of reports
        }
        for (String pattern : only.split(",")) {
            String p = pattern.strip();
            if (p.isEmpty() || p.startsWith("!")) {
                continue;
            }
            int hash = p.indexOf('#');
            p = (hash >= 0 ? p.substring(0, hash) : p).replace('/', '.').replaceAll("\\.(java|class)$", "");
            Pattern regex = Pattern.compile(globToRegex(p));
            boolean qualified = p.contains(".");
            for (TestId id : catalog) {
                String name = id.className();
                String candidate = qualified ? name : name.substring(name.lastIndexOf('.') + 1);
                if (regex.matcher(candidate).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '.') {
                    i++; // "**/" may also match no package at all
                    regex.append("\\.?");
                }
            } else if (c == '*') {
                regex.append("[^.]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static boolean isTrue(Map<String, String> options, String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false").strip());
    }

    /**
     * The containers a {@code --containers} value names: {@code both} is Jetty and Tomcat, {@code all}
     * adds Undertow.
     */
    static List<String> containers(String value) {
        String name = value.strip();
        if (name.equals("both")) {
            return BOTH;
        }
        if (name.equals("all")) {
            return CONTAINERS;
        }
        if (!CONTAINERS.contains(name)) {
            throw new IllegalArgumentException("--containers must be both, all, jetty, tomcat or undertow, was '" + value + "'");
        }
        return List.of(name);
    }

    static String forContainer(String path, String container) {
        return path.replace(CONTAINER, container);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    /** The run's failures differ from the expected-failures list. */
    public static final class TckMismatchException extends RuntimeException {
        TckMismatchException(String message) {
            super(message);
        }
    }

    static Map<String, String> options(String[] args) {
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
