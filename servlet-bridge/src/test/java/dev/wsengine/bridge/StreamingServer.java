package dev.wsengine.bridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A server for {@code StreamingIT} to run in a JVM of its own, with a heap far smaller than the
 * messages it receives: {@code java -Xmx64m ... dev.wsengine.bridge.StreamingServer jetty}. It
 * prints {@code PORT <n>} once it serves {@link StreamingEndpoints.Count} and stops when its
 * standard input ends.
 */
public final class StreamingServer {

    private StreamingServer() {
    }

    public static void main(String[] args) throws Exception {
        String container = args.length > 0 ? args[0] : "jetty";
        try (EmbeddedServer server = EmbeddedServer.Kind.valueOf(container.toUpperCase(java.util.Locale.ROOT))
                .create().with(new WsServletContainerInitializer(), StreamingEndpoints.Count.class).start()) {
            System.gc();
            StreamingEndpoints.resetPeakHeap(); // the figure is what receiving costs, not the start-up
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
            while (stdin.readLine() != null) {
                // runs until the test closes our input
            }
        }
        System.exit(0);
    }
}
