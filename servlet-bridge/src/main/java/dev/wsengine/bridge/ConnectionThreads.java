package dev.wsengine.bridge;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that run the engine for connections on the portable transport. A few threads,
 * {@value #BASE_THREADS_PER_CORE} per core, take the work in turn; the pool grows past them only for threads that are held. While
 * work waits in the queue, a look every {@value #LOOK_EVERY_MS} ms finds whether every thread is
 * inside a task and which of them are held there: parked or blocked (a blocking send waiting for
 * the container's write callback, a handler waiting on a lock or a future), or all of them, when
 * none took work since the last look (a handler in blocking socket I/O, a JDBC call, shows as
 * runnable). It starts threads for the waiting work until as many as the base are free to run, up
 * to the bound. Runnable threads that keep taking work get no company: they are only slow to get a
 * core, and more threads would not make it come sooner. Threads die after a minute of idleness, so
 * idle connections cost none.
 *
 * <p>Not a pool that starts a thread whenever none is free: a burst of short tasks (hundreds of
 * connections opening at once) then grows it to its bound, and the threads stay for their
 * minute. On Tomcat that gave 200 threads of ours beside Tomcat's own 200, on Undertow 168
 * beside Undertow's 16 (benchmarks, 10,000 idle connections opened 200 at a time), where a few
 * do the same work on a two-core machine.
 *
 * <p>{@link #stop} returns only once every thread has ended: the threads carry the web
 * application's class loader, and a container that checks for leaks when the application stops
 * (Tomcat does) must find none of them still running.
 */
final class ConnectionThreads implements Executor {

    static final int DEFAULT_MAX_THREADS = 200;
    /**
     * Threads that take work before the pool grows. Threads parked in blocking sends between two
     * looks leave the cores idle: with two per core, ours on Tomcat spent a third more CPU per
     * 64 B echo (100 connections) than with a thread for every task; with eight, the same.
     */
    static final int BASE_THREADS_PER_CORE = 8;
    /** How often the pool looks at its threads while work waits in its queue. */
    static final long LOOK_EVERY_MS = 10;

    private final ThreadPoolExecutor pool;
    private final int baseThreads;
    private final ScheduledExecutorService watch;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Tasks handed in and not yet finished. */
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Tasks a thread has taken, ever. */
    private final AtomicLong taken = new AtomicLong();
    /** Tasks that have finished, ever: taken less finished is the tasks running now. */
    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean();
    /** {@link #taken} at the watch's last look; only the watch touches it. */
    private long takenAtLastLook;

    private ConnectionThreads(String name, int maxThreads, ClassLoader loader, ScheduledExecutorService watch) {
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
        this.baseThreads = Math.min(maxThreads, BASE_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors());
        this.watch = watch;
        pool = new ThreadPoolExecutor(baseThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                taken.incrementAndGet();
            }

            @Override
            protected void afterExecute(Runnable task, Throwable failure) {
                finished.incrementAndGet();
                unfinished.decrementAndGet();
            }
        };
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code loader} becomes each thread's context class loader: application code runs on these
     * threads and expects its web application's loader there, as on a container thread.
     * {@code watch} runs the look that grows the pool when its threads are all held.
     */
    static ConnectionThreads create(String name, int maxThreads, ClassLoader loader, ScheduledExecutorService watch) {
        return new ConnectionThreads(name, maxThreads, loader, watch);
    }

    @Override
    public void execute(Runnable task) {
        if (pool.getCorePoolSize() > baseThreads) {
            trimCore();
        }
        unfinished.incrementAndGet();
        try {
            pool.execute(task);
        } catch (RejectedExecutionException stopped) {
            unfinished.decrementAndGet();
            throw stopped;
        }
        if (!pool.getQueue().isEmpty()) {
            startWatching();
        }
    }

    private void startWatching() {
        if (watching.compareAndSet(false, true)) {
            takenAtLastLook = taken.get();
            lookLater();
        }
    }

    private void lookLater() {
        try {
            watch.schedule(this::look, LOOK_EVERY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            watching.set(false); // the application is stopping, and stop() lets the queue run out
        }
    }

    /** Runs every {@link #LOOK_EVERY_MS} while work waits in the queue. */
    private void look() {
        if (pool.isShutdown()) {
            watching.set(false);
            return;
        }
        int waiting = pool.getQueue().size();
        if (waiting == 0) {
            trimCore();
            watching.set(false);
            if (!pool.getQueue().isEmpty()) {
                startWatching(); // queued between the look and the flag: execute() saw it still set
            }
            return;
        }
        growForHeldThreads(waiting);
        lookLater();
    }

    /**
     * Brings the core size, raised for held threads, back down as far as the threads alive allow:
     * a pool below its core size starts a thread for every task even while others are free. Never
     * below the threads alive, since lowering it under them interrupts every idle one; those die
     * after their idle minute, and the next call takes the core size down with them.
     */
    private void trimCore() {
        int target = Math.max(baseThreads, pool.getPoolSize());
        if (target < pool.getCorePoolSize()) {
            pool.setCorePoolSize(target);
        }
    }

    /**
     * Work waits. If every thread is inside a task, those not runnable are held there, and all of
     * them are when none took work since the last look; threads are started for the waiting work
     * until as many as the base could run. Raising the core size is what makes the pool start
     * threads for its queue.
     */
    private void growForHeldThreads(int waiting) {
        int poolSize = pool.getPoolSize();
        long takenNow = taken.get();
        boolean noProgress = takenNow == takenAtLastLook;
        takenAtLastLook = takenNow;
        if (takenNow - finished.get() < poolSize) {
            return; // a thread is between tasks and will take the waiting work once it gets a core
        }
        int held = noProgress ? poolSize : 0;
        if (!noProgress) {
            for (Thread thread : threads) {
                Thread.State state = thread.getState();
                if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                    held++;
                }
            }
        }
        int working = poolSize - held;
        int wanted = Math.min(waiting, baseThreads - working);
        int grown = Math.min(pool.getMaximumPoolSize(), Math.max(poolSize, pool.getCorePoolSize()) + wanted);
        if (wanted > 0 && grown > pool.getCorePoolSize()) {
            pool.setCorePoolSize(grown);
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

    /** The threads that take work before the pool grows: for tests. */
    int baseThreads() {
        return baseThreads;
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
