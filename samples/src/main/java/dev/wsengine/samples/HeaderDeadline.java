package dev.wsengine.samples;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose first request head has not arrived within a deadline. Jetty 12 has no
 * such setting: its idle timeout starts again with every byte, and its minimum request data rate
 * counts body bytes only, so a handshake trickled at 1 byte/s held a connection for minutes with
 * either set to 5 s. The clock starts when the connection opens and stops when Jetty has the whole
 * head (its customizers run then); later requests on a kept-alive connection are left to the idle
 * timeout.
 */
final class HeaderDeadline implements Connection.Listener, HttpConfiguration.Customizer {

    private final long deadlineMs;
    private final Scheduler scheduler;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    private HeaderDeadline(long deadlineMs, Scheduler scheduler) {
        this.deadlineMs = deadlineMs;
        this.scheduler = scheduler;
    }

    /** Puts a deadline of {@code deadlineMs} on the HTTP connections of {@code connector} (before it starts). */
    static void install(ServerConnector connector, long deadlineMs) {
        if (deadlineMs <= 0) {
            throw new IllegalArgumentException("The request head deadline must be positive, got " + deadlineMs + " ms");
        }
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        HeaderDeadline deadline = new HeaderDeadline(deadlineMs, connector.getScheduler());
        // On the HTTP factory, not the connector: an upgraded connection is not an HTTP one and must not be cut.
        http.addEventListener(deadline);
        http.getHttpConfiguration().addCustomizer(deadline);
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), deadlineMs, TimeUnit.MILLISECONDS));
    }

    private void expire(Connection connection) {
        if (pending.remove(connection) != null) {
            connection.getEndPoint().close();
        }
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        cancel(request.getConnectionMetaData().getConnection());
        return request;
    }

    @Override
    public void onClosed(Connection connection) {
        cancel(connection);
    }

    private void cancel(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }
}
