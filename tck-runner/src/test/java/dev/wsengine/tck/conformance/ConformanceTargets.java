package dev.wsengine.tck.conformance;

import dev.wsengine.samples.SampleServer;

import java.net.URI;
import java.util.List;

/**
 * The targets {@link ConformanceIT} runs the suite against: the samples in embedded containers
 * and in standalone distributions, or only the
 * server named by {@code -Dconformance.target=ws://host:port/path} when that is given. A new
 * container is one more entry in {@link #defaults()}.
 */
final class ConformanceTargets {

    private ConformanceTargets() {
    }

    static List<ConformanceTarget> all() {
        String external = System.getProperty("conformance.target", "").strip();
        if (!external.isEmpty()) {
            String name = System.getProperty("conformance.name", "external").strip();
            long limit = Long.parseLong(System.getProperty("conformance.limit", Long.toString(SuiteSettings.SAMPLE_ECHO_LIMIT)).strip());
            return List.of(new External(name, URI.create(external), limit));
        }
        return defaults();
    }

    /** The samples server in each embedded container, then in each standalone distribution. */
    static List<ConformanceTarget> defaults() {
        return List.of(new SampleJetty(), new SampleTomcat(), new SampleUndertow(),
                new StandaloneSamples("tomcat"), new StandaloneSamples("jetty"));
    }

    /** The samples server (embedded Jetty 12.1 with our container) on 127.0.0.1 and a free port. */
    static final class SampleJetty implements ConformanceTarget {

        private SampleServer server;

        @Override
        public String name() {
            return "jetty";
        }

        @Override
        public URI start() throws Exception {
            server = new SampleServer("127.0.0.1", 0);
            server.start();
            return URI.create("ws://127.0.0.1:" + server.port() + "/echo");
        }

        @Override
        public long maxMessage() {
            return SuiteSettings.SAMPLE_ECHO_LIMIT;
        }

        @Override
        public void close() throws Exception {
            SampleServer running = server;
            server = null;
            if (running != null) {
                running.stop();
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** A server someone else started. */
    record External(String name, URI uri, long maxMessage) implements ConformanceTarget {

        @Override
        public URI start() {
            return uri;
        }

        @Override
        public void close() {
            // not ours to stop
        }

        @Override
        public String toString() {
            return name + " " + uri;
        }
    }
}
