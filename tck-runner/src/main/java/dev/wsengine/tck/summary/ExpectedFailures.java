package dev.wsengine.tck.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tests we know fail, each with its reason: one per line, {@code class#method reason...},
 * the class relative to the TCK package; {@code #} starts a comment line. A test without a
 * reason, or listed twice, is an error: the list is a to-do list and must say why. A reason that
 * starts with {@value #INTERMITTENT} marks a test that fails only sometimes (a race): it may
 * pass without failing the run.
 */
public final class ExpectedFailures {

    public static final String INTERMITTENT = "[intermittent]";

    public static boolean isIntermittent(String reason) {
        return reason != null && reason.startsWith(INTERMITTENT);
    }

    private ExpectedFailures() {
    }

    public static Map<TestId, String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("Expected-failures file not found: " + file);
        }
        return parse(Files.readAllLines(file), file.toString());
    }

    /**
     * The lists of several files together: the first must exist (the tests failing everywhere),
     * the others may be absent (those failing on one container only, when there are any). A test
     * listed in two of them is an error.
     */
    public static Map<TestId, String> readAll(List<Path> files) throws IOException {
        Map<TestId, String> all = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (i > 0 && !Files.exists(file)) {
                continue;
            }
            for (Map.Entry<TestId, String> entry : read(file).entrySet()) {
                if (all.put(entry.getKey(), entry.getValue()) != null) {
                    throw new IllegalArgumentException(entry.getKey() + " is listed in " + file + " and in an earlier list of "
                            + files);
                }
            }
        }
        return all;
    }

    public static Map<TestId, String> parse(List<String> lines, String source) {
        Map<TestId, String> expected = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] parts = line.split("\\s+", 2);
            TestId id;
            try {
                id = TestId.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
            if (parts.length < 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException(where + id + " has no reason");
            }
            if (expected.put(id, parts[1].strip()) != null) {
                throw new IllegalArgumentException(where + id + " is listed twice");
            }
        }
        return expected;
    }
}
