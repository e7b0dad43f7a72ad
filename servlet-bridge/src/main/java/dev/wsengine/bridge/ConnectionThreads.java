package dev.wsengine.bridge;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the engine for connections on the portable transport: a bounded pool of
 * daemon threads that die after a minute of idleness, so that idle connections cost no thread.
 * Work beyond the bound waits in the queue rather than being refused.
 *
 * <p>{@link #stop} returns only once every thread has ended: the threads carry the web
 * application's class loader, and a container that checks for leaks when the application stops
 * (Tomcat does) must find none of them still running.
 */
final class ConnectionThreads implements Executor {

    static final int DEFAULT_MAX_THREADS = 200;

    private final ThreadPoolExecutor pool;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private ConnectionThreads(String name, int maxThreads, ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            // A thread is forgotten only once it has ended, not when its task returns (it is still
            // alive for a moment after that, and stop() must wait for that moment too) and not
            // before it has started (another worker may be made but not yet started right now).
            threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
            threads.add(thread);
            return thread;
        };
        pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code loader} becomes each thread's context class loader: application code runs on these
     * threads and expects its web application's loader there, as on a container thread.
     */
    static ConnectionThreads create(String name, int maxThreads, ClassLoader loader) {
        return new ConnectionThreads(name, maxThreads, loader);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /**
     * Takes no more work, lets the queued work finish, and waits up to {@code timeout} for every
     * thread to end; then interrupts those still running. Returns whether all had ended in time.
     */
    boolean stop(Duration timeout) throws InterruptedException {
        pool.shutdown();
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread self = Thread.currentThread();
        // Until the pool has terminated it may still make a worker for work left in the queue, so
        // only then does the set hold every thread there will be. Called on one of our own threads,
        // the pool cannot terminate while we wait, so there we only join the others.
        if (!threads.contains(self)) {
            pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        for (Thread thread : Set.copyOf(threads)) {
            long left = deadline - System.nanoTime();
            if (left > 0 && thread != self) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        }
        if (threads.stream().noneMatch(t -> t.isAlive() && t != self)) {
            return true;
        }
        pool.shutdownNow();
        return false;
    }

    /** How many of the threads are alive: for tests. */
    int aliveThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }
}
