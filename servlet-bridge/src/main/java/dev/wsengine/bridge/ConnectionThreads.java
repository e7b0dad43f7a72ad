package dev.wsengine.bridge;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run the engine for connections on the portable transport: a bounded pool of
 * daemon threads that die after a minute of idleness, so that idle connections cost no thread.
 * A task goes to a free thread if there is one, else to a new thread while under the bound, and
 * waits in the queue only beyond it; it is never refused while the pool runs.
 *
 * <p>Not a plain {@link ThreadPoolExecutor} with its core size at the bound: that one starts a new
 * thread for each of its first {@code maxThreads} tasks even while others sit idle, and on Tomcat
 * that gave every server 200 threads of ours beside Tomcat's own (benchmarks: 424 threads while
 * 10,000 idle connections were open, against Tomcat's own 225).
 *
 * <p>{@link #stop} returns only once every thread has ended: the threads carry the web
 * application's class loader, and a container that checks for leaks when the application stops
 * (Tomcat does) must find none of them still running.
 */
final class ConnectionThreads implements Executor {

    static final int DEFAULT_MAX_THREADS = 200;

    private final ThreadPoolExecutor pool;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Tasks handed in and not yet finished: when there are fewer than threads, a thread is free. */
    private final AtomicInteger unfinished = new AtomicInteger();

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
        GrowFirstQueue queue = new GrowFirstQueue();
        pool = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS, queue, factory, queue::takeBeyondTheBound) {
            @Override
            protected void afterExecute(Runnable task, Throwable failure) {
                unfinished.decrementAndGet();
            }
        };
    }

    /**
     * The pool's queue. Refusing an offer is how a {@link ThreadPoolExecutor} is told to start a
     * thread (up to its maximum), so this refuses while no thread is free and the bound allows one.
     */
    private final class GrowFirstQueue extends LinkedBlockingQueue<Runnable> {

        @Override
        public boolean offer(Runnable task) {
            int threadCount = pool.getPoolSize();
            if (unfinished.get() > threadCount && threadCount < pool.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        /**
         * The pool found itself at the bound after this queue refused (threads were started
         * meanwhile): the task waits like any other beyond the bound.
         */
        void takeBeyondTheBound(Runnable task, ThreadPoolExecutor executor) {
            if (executor.isShutdown() || !super.offer(task)) {
                throw new RejectedExecutionException("The WebSocket connection threads are stopped");
            }
        }
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
        unfinished.incrementAndGet();
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopped) {
            unfinished.decrementAndGet();
            throw stopped;
        }
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

    /** Tasks handed in and not finished: for tests. */
    int unfinishedTasks() {
        return unfinished.get();
    }

    /** How many of the threads are alive: for tests. */
    int aliveThreads() {
        return (int) threads.stream().filter(Thread::isAlive).count();
    }
}
