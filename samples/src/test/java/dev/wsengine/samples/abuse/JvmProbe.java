package dev.wsengine.samples.abuse;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another JVM's memory as its own MBeans report it, through the attach API's local JMX agent: live
 * heap after a collection, heap now, direct buffers, and the live instances of one class.
 */
public final class JvmProbe implements AutoCloseable {

    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;

    private JvmProbe(JMXConnector jmx) throws Exception {
        this.jmx = jmx;
        this.mbeans = jmx.getMBeanServerConnection();
    }

    /** Attaches to the JVM with process id {@code pid} (same user) and connects to its platform MBeans. */
    public static JvmProbe attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new JvmProbe(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    private MemoryMXBean memory() throws Exception {
        return ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    /** Heap in use after a full collection, in bytes. */
    public long liveHeap() throws Exception {
        MemoryMXBean memory = memory();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use now, garbage included: for peaks sampled under load. */
    public long heapNow() throws Exception {
        return memory().getHeapMemoryUsage().getUsed();
    }

    /** Bytes held by direct buffers (the JDK's per-thread copies of heap buffers written to sockets among them). */
    public long direct() throws Exception {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(mbeans, BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }

    /** Live instances of {@code className}, from a class histogram (which collects garbage first). */
    public long instances(String className) throws Exception {
        String histogram = (String) mbeans.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)",
                Pattern.MULTILINE).matcher(histogram);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * The WebSocket container's connections ended by the engine, by cause (the {@code Drops} of
     * {@code dev.wsengine:type=WebSocketContainer}, summed over every container of the JVM).
     */
    public java.util.Map<String, Long> drops() throws Exception {
        java.util.Map<String, Long> drops = new java.util.TreeMap<>();
        for (ObjectName name : mbeans.queryNames(new ObjectName("dev.wsengine:type=WebSocketContainer,*"), null)) {
            var table = (javax.management.openmbean.TabularData) mbeans.getAttribute(name, "Drops");
            for (Object row : table.values()) {
                var entry = (javax.management.openmbean.CompositeData) row;
                drops.merge((String) entry.get("key"), (Long) entry.get("value"), Long::sum);
            }
        }
        return drops;
    }

    @Override
    public void close() {
        try {
            jmx.close();
        } catch (Exception alreadyGone) {
            // the process may have ended: nothing left to close
        }
    }
}
