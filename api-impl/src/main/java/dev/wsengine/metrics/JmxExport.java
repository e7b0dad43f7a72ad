package dev.wsengine.metrics;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers a container's beans with the platform MBean server and takes them away again:
 * {@code dev.wsengine:type=WebSocketContainer,context="/app"} and, per endpoint path,
 * {@code dev.wsengine:type=Endpoint,context="/app",path="/chat"}. Two containers with the same
 * context path in one JVM (two servers, two virtual hosts) get {@code instance=2}, 3, ... on the
 * second and later, so neither registration fails. Failures are logged, never thrown: metrics
 * must not keep an application from starting.
 */
public final class JmxExport implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JmxExport.class.getName());
    private static final String DOMAIN = "dev.wsengine";
    private static final int MAX_INSTANCES = 1_000;

    private final MBeanServer server;
    private final ContainerMetrics metrics;
    private final String contextKey;
    private final List<ObjectName> registered = new ArrayList<>();
    private boolean closed;

    private JmxExport(MBeanServer server, ContainerMetrics metrics, String contextKey) {
        this.server = server;
        this.metrics = metrics;
        this.contextKey = contextKey;
    }

    /** Registers {@code metrics} under {@code context} (a context path) and every endpoint it gets later. */
    public static JmxExport register(ContainerMetrics metrics, String context) {
        metrics.setContext(context);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        String quoted = ObjectName.quote(context);
        for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
            String key = "context=" + quoted + (instance == 1 ? "" : ",instance=" + instance);
            try {
                ObjectName name = new ObjectName(DOMAIN + ":type=WebSocketContainer," + key);
                server.registerMBean(metrics, name);
                JmxExport export = new JmxExport(server, metrics, key);
                export.added(name);
                metrics.onNewEndpoint(export::registerEndpoint);
                for (EndpointMetrics endpoint : metrics.endpoints()) {
                    export.registerEndpoint(endpoint);
                }
                return export;
            } catch (InstanceAlreadyExistsException taken) {
                // another container with this context path: try the next instance number
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot register the WebSocket metrics of '" + context
                        + "' with JMX; they are not exported", e);
                return new JmxExport(server, metrics, key);
            }
        }
        LOG.log(System.Logger.Level.WARNING, "More than " + MAX_INSTANCES + " WebSocket containers named '" + context
                + "' in this JVM; the metrics of this one are not exported");
        return new JmxExport(server, metrics, "context=" + quoted);
    }

    /** The names registered now, the container's first. */
    public synchronized List<ObjectName> names() {
        return List.copyOf(registered);
    }

    private synchronized void added(ObjectName name) {
        registered.add(name);
    }

    private synchronized void registerEndpoint(EndpointMetrics endpoint) {
        if (closed) {
            return;
        }
        try {
            ObjectName name = new ObjectName(DOMAIN + ":type=Endpoint," + contextKey + ",path="
                    + ObjectName.quote(endpoint.path()));
            if (!server.isRegistered(name)) {
                server.registerMBean(new EndpointView(endpoint), name);
                registered.add(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot register the WebSocket metrics of endpoint '"
                    + endpoint.path() + "' with JMX", e);
        }
    }

    /** Unregisters everything registered; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        metrics.onNewEndpoint(null);
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
                // someone else took it away already
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot unregister " + name, e);
            }
        }
        registered.clear();
    }
}
