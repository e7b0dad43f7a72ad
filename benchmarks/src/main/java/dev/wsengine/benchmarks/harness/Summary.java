package dev.wsengine.benchmarks.harness;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Medians and ranges per server and metric over the runs, and ours against the best peer. */
final class Summary {

    /** Median, min and max of one server's figure, and whether any run of it was client-bound. */
    record Cell(double median, double min, double max, int runs, boolean clientBound) {
    }

    /** The best peer of a metric and ours divided by it. */
    record Comparison(double ours, double best, ServerKind peer, double ratio) {
    }

    private final Map<Metric, Map<ServerKind, Cell>> cells = new EnumMap<>(Metric.class);
    private final Map<Metric, java.util.Set<ServerKind>> failed = new EnumMap<>(Metric.class);

    Summary(List<Measurement> measurements) {
        Map<Metric, Map<ServerKind, List<Measurement>>> grouped = new EnumMap<>(Metric.class);
        for (Measurement m : measurements) {
            if (Double.isNaN(m.value())) {
                continue;
            }
            grouped.computeIfAbsent(m.metric(), k -> new EnumMap<>(ServerKind.class))
                    .computeIfAbsent(m.server(), k -> new ArrayList<>()).add(m);
        }
        grouped.forEach((metric, byServer) -> byServer.forEach((server, list) -> {
            double[] values = list.stream().mapToDouble(Measurement::value).sorted().toArray();
            boolean bound = list.stream().anyMatch(Measurement::clientBound);
            cells.computeIfAbsent(metric, k -> new EnumMap<>(ServerKind.class))
                    .put(server, new Cell(median(values), values[0], values[values.length - 1], values.length, bound));
        }));
    }

    /** The median of sorted values: the middle one, or the mean of the middle two. */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values");
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Notes that a figure failed on a server in some run (a server that cannot take the streaming message, say). */
    void markFailed(Metric metric, ServerKind server) {
        failed.computeIfAbsent(metric, k -> java.util.EnumSet.noneOf(ServerKind.class)).add(server);
    }

    boolean failed(Metric metric, ServerKind server) {
        return failed.getOrDefault(metric, java.util.Set.of()).contains(server);
    }

    Optional<Cell> cell(Metric metric, ServerKind server) {
        return Optional.ofNullable(cells.getOrDefault(metric, Map.of()).get(server));
    }

    /**
     * Ours on Jetty against the best of the peers (lowest or highest median as the metric wants);
     * none when the best median is not above zero or ours is below it.
     */
    Optional<Comparison> compare(Metric metric) {
        Optional<Cell> ours = cell(metric, ServerKind.OURS_JETTY);
        ServerKind best = null;
        double bestValue = Double.NaN;
        for (ServerKind peer : ServerKind.PEERS) {
            Optional<Cell> c = cell(metric, peer);
            if (c.isEmpty()) {
                continue;
            }
            double v = c.get().median();
            if (best == null || (metric.lowerIsBetter ? v < bestValue : v > bestValue)) {
                best = peer;
                bestValue = v;
            }
        }
        // A growth figure can come out at zero or below (the native row: RSS that did not grow), ours
        // or the best peer's; no ratio means anything then.
        if (ours.isEmpty() || best == null || bestValue <= 0 || ours.get().median() < 0) {
            return Optional.empty();
        }
        return Optional.of(new Comparison(ours.get().median(), bestValue, best, ours.get().median() / bestValue));
    }
}
