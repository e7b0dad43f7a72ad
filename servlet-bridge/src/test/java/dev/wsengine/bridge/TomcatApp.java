package dev.wsengine.bridge;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Embedded Tomcat 11 (core only: no tomcat-embed-websocket) on 127.0.0.1 and a free port, with one
 * web application at {@code /app} that the caller adds, for the tests of the entry points that
 * need no scanning.
 */
final class TomcatApp implements AutoCloseable {

    static final String CONTEXT = "/app";

    final Tomcat tomcat = new Tomcat();
    final Path baseDir;
    private final Connector connector = new Connector();

    TomcatApp() throws IOException {
        baseDir = Files.createTempDirectory("tomcat-app");
        tomcat.setBaseDir(baseDir.toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
    }

    /** Starts Tomcat with {@code context} added to its host. */
    TomcatApp start(Context context) throws Exception {
        tomcat.getHost().addChild(context);
        tomcat.start();
        if (!context.getState().isAvailable()) {
            throw new AssertionError("The web application did not start: " + context.getState());
        }
        return this;
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + CONTEXT + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT + path);
    }

    /** The head of the handshake response {@code path} gets from a raw socket, with {@code headers} added. */
    int handshakeStatus(String path, String... headers) throws IOException {
        String[] lines = Stream.concat(Stream.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 13"), Stream.of(headers))
                .toArray(String[]::new);
        try (RawClient client = RawClient.handshake(ws(path), "GET", lines)) {
            return client.status;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (Stream<Path> paths = Files.walk(baseDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
