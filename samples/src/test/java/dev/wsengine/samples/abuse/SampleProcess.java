package dev.wsengine.samples.abuse;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged sample server started as README starts it, {@code java -jar wsengine-samples.jar},
 * in its own JVM with a small heap: an attack that exhausts memory kills that process and not the
 * test's, and the figures read through JMX (heap, direct buffers, live sessions) are the server's
 * alone, without the clients' buffers mixed in.
 */
final class SampleProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("sample server on http://localhost:(\\d+)");

    private final Process process;
    private final int port;
    private final List<String> output;
    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;

    private SampleProcess(Process process, int port, List<String> output) throws Exception {
        this.process = process;
        this.port = port;
        this.output = output;
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        this.jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        this.mbeans = jmx.getMBeanServerConnection();
    }

    /** Starts the jar with {@code -Xmx<heapMb>m} and {@code args} after {@code --port 0}. */
    static SampleProcess start(int heapMb, String... args) throws Exception {
        Path jar = Path.of("target", "wsengine-samples.jar");
        assertTrue(Files.isRegularFile(jar), "package the sample first: " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "--port", "0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new AssertionError("the sample exited without starting: " + output));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "sample-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new SampleProcess(process, port.get(60, TimeUnit.SECONDS), output);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the server printed so far (standard output and error). */
    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Heap in use after a full collection, in bytes. */
    long liveHeap() throws Exception {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use now, garbage included: for peaks sampled under load. */
    long heapNow() throws Exception {
        return ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class).getHeapMemoryUsage().getUsed();
    }

    /** Bytes held by direct buffers (the JDK's per-thread copies of heap buffers written to sockets among them). */
    long direct() throws Exception {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(mbeans, BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }

    /** Live instances of {@code className}, from a class histogram (which collects garbage first). */
    long instances(String className) throws Exception {
        String histogram = (String) mbeans.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)",
                Pattern.MULTILINE).matcher(histogram);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** SIGTERM, as Ctrl-C or a service manager stops the server. */
    void terminate() {
        process.destroy();
    }

    boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            jmx.close();
        } catch (Exception alreadyGone) {
            // the process may have ended: nothing left to close
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
