package dev.wsengine.benchmarks.harness;

/**
 * One figure of one server in one run. {@code clientBusy} is the share of its core the load client
 * used while the figure was taken (NaN where the client's CPU is not part of the figure).
 */
record Measurement(int run, ServerKind server, Metric metric, double value, double clientBusy) {

    static final double CLIENT_BOUND = 0.90;

    boolean clientBound() {
        return clientBusy > CLIENT_BOUND;
    }

    /** One tab-separated line of bench-raw.tsv. */
    String toTsv() {
        return run + "\t" + server.id + "\t" + metric.id + "\t" + value + "\t" + clientBusy;
    }

    static Measurement fromTsv(String line) {
        String[] f = line.split("\t");
        return new Measurement(Integer.parseInt(f[0]), ServerKind.byId(f[1]), Metric.byId(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]));
    }
}
