package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * wsengine on the module path, in a JVM of its own: an application module
 * ({@code src/it-modules/echo}) that requires {@code dev.wsengine.servlet}, starts Jetty (all of it
 * modules too) with the engine and talks to it with wsengine's client, everything resolved from
 * {@code --module-path}, nothing on the class path. A second compilation proves that what the
 * modules do not export cannot be compiled against.
 */
class ModulePathIT {

    /** The jars of the module graph besides our two modules: the APIs, Jetty's server side, SLF4J. */
    private static final Pattern GRAPH_JARS = Pattern.compile("(jetty-(server|http|io|util|session|security|ee11-servlet)"
            + "|slf4j-api|jakarta\\.servlet-api|jakarta\\.websocket-(client-)?api)-\\d.*\\.jar");

    private static String modulePath;

    @TempDir
    Path work;

    @BeforeAll
    static void collectModulePath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(location(WsServerContainer.class)); // dev.wsengine.core
        entries.add(location(WebSocketEngine.class));   // dev.wsengine.servlet
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (GRAPH_JARS.matcher(Path.of(entry).getFileName().toString()).matches()) {
                entries.add(entry);
            }
        }
        modulePath = String.join(File.pathSeparator, entries);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void clientAndServerRunAsModules() throws Exception {
        Path classes = work.resolve("classes");
        String errors = compile(Path.of("src/it-modules/echo"), classes);
        assertEquals("", errors, "the application module compiles against the exported packages");

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "--module-path", modulePath + File.pathSeparator + classes,
                "-m", "dev.wsengine.it.modular/dev.wsengine.it.modular.Main");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException ignored) {
                // the process ended; what was read is reported below
            }
        });
        drain.start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        drain.join(5_000);
        String out = output.toString(StandardCharsets.UTF_8);
        assertTrue(ended, "the module application ended within 60 s:\n" + out);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("echo hello from a module"), out);
        assertTrue(out.contains("client-container dev.wsengine.client.WsClientContainer in module dev.wsengine.core"), out);
        // Jetty's connection switch linked: our bridge module reads Jetty's (requires static, resolved).
        assertTrue(out.contains("bridge-module dev.wsengine.servlet reads jetty.server: true"), out);
        assertTrue(out.contains("exports dev.wsengine.core dev.wsengine.client,dev.wsengine.extensions,"
                + "dev.wsengine.logging->dev.wsengine.servlet,dev.wsengine.metrics,dev.wsengine.server,dev.wsengine.settings,dev.wsengine.transport->dev.wsengine.servlet\n"), out);
        assertTrue(out.contains("exports dev.wsengine.servlet dev.wsengine.bridge\n"), out);
    }

    @Test
    void internalPackagesDoNotCompileFromAnotherModule() throws IOException {
        Path source = work.resolve("src");
        Files.createDirectories(source.resolve("p"));
        Files.writeString(source.resolve("module-info.java"), "module probe { requires dev.wsengine.servlet; }");
        Files.writeString(source.resolve("p/Probe.java"), "package p;\n"
                + "public class Probe {\n"
                + "    Object frames = dev.wsengine.framing.CloseCodes.class;\n"
                + "    Object model = dev.wsengine.endpoint.EndpointModel.class;\n"
                + "    Object handshake = dev.wsengine.handshake.AcceptKey.class;\n"
                + "    Object transport = dev.wsengine.transport.Transport.class;\n"
                + "    Object session = dev.wsengine.session.WsSession.class;\n"
                + "    Object jetty = dev.wsengine.bridge.jetty.JettySwitch.class;\n"
                + "    Object exported = dev.wsengine.client.ClientProperties.class;\n"
                + "}\n");
        String errors = compile(source, work.resolve("probe"));
        assertNotEquals("", errors);
        for (String hidden : List.of("dev.wsengine.framing", "dev.wsengine.endpoint", "dev.wsengine.handshake", "dev.wsengine.transport",
                "dev.wsengine.session", "dev.wsengine.bridge.jetty")) {
            assertTrue(errors.contains("package " + hidden + " is not visible"), errors);
        }
        assertTrue(!errors.contains("dev.wsengine.client"), errors);
    }

    /** Compiles every source under {@code root} as one module; returns javac's errors, empty on success. */
    private static String compile(Path root, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "--module-path", modulePath));
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(args::add);
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        String text = errors.toString(StandardCharsets.UTF_8);
        return status == 0 ? "" : text.isEmpty() ? "javac exited " + status : text;
    }
}
