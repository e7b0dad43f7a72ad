package dev.wsengine.tck.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What happened to each web application the TCK deployed, as the container recorded it
 * ({@code STARTED} or {@code FAILED: cause}). Information for the reader, not part of the
 * verdict: it shows whether a passing negative deployment test passed because the deployment
 * really failed, and which ordinary deployments broke.
 */
public final class Deployments {

    private final Map<String, String> byArchive;

    Deployments(Map<String, String> byArchive) {
        this.byArchive = new TreeMap<>(byArchive);
    }

    public static Deployments read(Path directory) throws IOException {
        Map<String, String> records = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt")).toList()) {
                    String name = file.getFileName().toString();
                    records.put(name.substring(0, name.length() - 4), Files.readString(file).strip());
                }
            }
        }
        return new Deployments(records);
    }

    /**
     * The TCK's server-side negative deployment archives hold invalid endpoints: their web
     * application must fail to start. Not so the client-side ones (the invalid endpoint is the
     * test's client), nor the invalidpathparamtype/pasrv ones, whose listener catches the
     * DeploymentException of {@code addEndpoint}: there the application starts, and the container
     * must take its endpoints out of service instead.
     */
    static boolean mustFail(String archive) {
        return archive.contains("_negdep_") && !archive.contains("_client_")
                && !archive.contains("_invalidpathparamtype_pasrv_");
    }

    private static boolean failed(String record) {
        return record.startsWith("FAILED");
    }

    public String render() {
        if (byArchive.isEmpty()) {
            return "";
        }
        long failed = byArchive.values().stream().filter(Deployments::failed).count();
        StringBuilder out = new StringBuilder("\nDeployments: ").append(byArchive.size()).append(" web applications, ")
                .append(byArchive.size() - failed).append(" started, ").append(failed).append(" failed to start\n");
        List<String> acceptedInvalid = byArchive.entrySet().stream()
                .filter(e -> mustFail(e.getKey()) && !failed(e.getValue())).map(Map.Entry::getKey).toList();
        List<String> brokenValid = byArchive.entrySet().stream()
                .filter(e -> !mustFail(e.getKey()) && failed(e.getValue()))
                .map(e -> e.getKey() + "  -- " + e.getValue()).toList();
        section(out, "Negative deployments that STARTED (the server accepted an invalid endpoint):", acceptedInvalid);
        section(out, "Deployments that FAILED although the TCK expects them to start:", brokenValid);
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.append("  ").append(title).append("\n");
            lines.forEach(line -> out.append("    ").append(line).append("\n"));
        }
    }
}
