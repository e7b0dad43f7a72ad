package dev.wsengine.benchmarks.footprint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The output of {@code jcmd <pid> GC.class_histogram}: instances and bytes per class. */
final class ClassHistogram {

    record Count(long instances, long bytes) {
    }

    /** One class's growth between two histograms, per connection held. */
    record Growth(String className, double bytesEach, double instancesEach) {
    }

    private final Map<String, Count> counts;

    private ClassHistogram(Map<String, Count> counts) {
        this.counts = counts;
    }

    /** Reads the rows {@code "   1:   12345   678901  java.lang.String (java.base@17)"}; other lines are skipped. */
    static ClassHistogram parse(String jcmdOutput) {
        Map<String, Count> counts = new HashMap<>();
        for (String line : jcmdOutput.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":") && parts[0].substring(0, parts[0].length() - 1).chars().allMatch(Character::isDigit)) {
                counts.merge(parts[3], new Count(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        (a, b) -> new Count(a.instances + b.instances, a.bytes + b.bytes));
            }
        }
        return new ClassHistogram(counts);
    }

    /** What each of {@code connections} added since {@code before}, biggest first; classes that shrank are left out. */
    List<Growth> growthSince(ClassHistogram before, int connections) {
        List<Growth> rows = new ArrayList<>();
        counts.forEach((name, now) -> {
            Count then = before.counts.getOrDefault(name, new Count(0, 0));
            long bytes = now.bytes - then.bytes;
            if (bytes > 0) {
                rows.add(new Growth(name, (double) bytes / connections, (double) (now.instances - then.instances) / connections));
            }
        });
        rows.sort(Comparator.comparingDouble(Growth::bytesEach).reversed());
        return rows;
    }

    /** All bytes added per connection, shrinking classes included. */
    double totalGrowthSince(ClassHistogram before, int connections) {
        long now = counts.values().stream().mapToLong(Count::bytes).sum();
        long then = before.counts.values().stream().mapToLong(Count::bytes).sum();
        return (double) (now - then) / connections;
    }
}
