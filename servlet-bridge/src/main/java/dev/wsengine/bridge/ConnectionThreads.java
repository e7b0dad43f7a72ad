package dev.wsengine.bridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the engine for connections on the portable transport: a bounded pool of
 * daemon threads that die after a minute of idleness, so that idle connections cost no thread.
 * Work beyond the bound waits in the queue rather than being refused.
 */
final class ConnectionThreads {

    static final int DEFAULT_MAX_THREADS = 200;

    private ConnectionThreads() {
    }

    /**
     * {@code loader} becomes each thread's context class loader: application code runs on these
     * threads and expects its web application's loader there, as on a container thread.
     */
    static ExecutorService create(String name, int maxThreads, ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
