package dev.wsengine.client;

import dev.wsengine.session.IdleWheel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every client connection of the JVM shares: one selector thread, a pool for reading
 * and application callbacks, one timer. They are shared because
 * {@code ContainerProvider.getWebSocketContainer()} makes a new container on every call and
 * nothing in the API ever stops one: threads per container would pile up in a long-running
 * program. All are daemon threads, so a client program exits when its main thread does; pool and
 * timer threads end after a while without work, so an idle JVM keeps only the selector thread.
 */
final class ClientThreads {

    private static final long IDLE_THREAD_SECONDS = 30;

    final SelectorLoop loop;
    final ExecutorService executor;
    final ScheduledExecutorService scheduler;
    /** The idle timers of every client session, on {@link #scheduler}. */
    final IdleWheel idleWheel;

    private ClientThreads(String name) {
        this.loop = new SelectorLoop(name + "-selector");
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads(name + "-worker"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads(name + "-timer"));
        timer.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        // Close and send timers are cancelled far more often than they fire.
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.idleWheel = new IdleWheel(timer);
    }

    /** The JVM's client threads, started on first use. */
    static ClientThreads shared() {
        return Holder.SHARED;
    }

    private static final class Holder {
        static final ClientThreads SHARED = new ClientThreads("wsengine-client");
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
