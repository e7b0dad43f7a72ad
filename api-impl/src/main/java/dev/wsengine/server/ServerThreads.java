package dev.wsengine.server;

import dev.wsengine.session.IdleWheel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container's threads, all daemons: one scheduler for the sessions' timeouts and a cached
 * pool for work that must leave the calling thread (it may block, so the pool grows on demand and
 * idle threads die after a minute). After shutdown, work still handed in (a close timeout that
 * fires late) runs on the caller's thread instead of being dropped, so no session is left
 * without its onClose.
 */
final class ServerThreads {

    private static final AtomicInteger CONTAINERS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor executor;
    private final IdleWheel idleWheel;

    ServerThreads() {
        int id = CONTAINERS.incrementAndGet();
        RejectedExecutionHandler runInline = (task, pool) -> task.run();
        scheduler = new ScheduledThreadPoolExecutor(1, daemons("wsengine-server-" + id + "-timer-"), runInline);
        // Close and send timers are cancelled far more often than they fire; do not let them pile up.
        scheduler.setRemoveOnCancelPolicy(true);
        idleWheel = new IdleWheel(scheduler);
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons("wsengine-server-" + id + "-worker-"), runInline);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService executor() {
        return executor;
    }

    IdleWheel idleWheel() {
        return idleWheel;
    }

    /** Lets running and queued work finish; accepts no more (see the class comment for late work). */
    void shutdown() {
        scheduler.shutdown();
        executor.shutdown();
    }
}
