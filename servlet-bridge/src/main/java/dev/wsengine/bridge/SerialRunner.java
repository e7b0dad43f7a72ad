package dev.wsengine.bridge;

import dev.wsengine.logging.RateLimitedLog;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task for one connection, never on two threads at once, and never loses a request:
 * a request that arrives while the task runs makes it run once more when it finishes.
 *
 * <p>This is how a transport keeps its {@code TransportHandler} calls serial although the events
 * that cause them (bytes read, connection closed, reading resumed) come from several threads.
 * The task itself decides what there is to do each time it runs.
 */
public final class SerialRunner {

    private static final System.Logger LOG = System.getLogger(SerialRunner.class.getName());
    private static final RateLimitedLog TASK_FAILED = new RateLimitedLog(LOG, System.Logger.Level.ERROR);

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUN_AGAIN = 2;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Executor executor;
    private final Runnable task;
    private final Runnable loop = this::loop;

    public SerialRunner(Executor executor, Runnable task) {
        this.executor = executor;
        this.task = task;
    }

    /** Makes the task run soon on the executor, or once more if it is running now. */
    public void request() {
        if (claim()) {
            submit();
        }
    }

    /**
     * Runs the task on the calling thread if it is idle, else makes it run once more. For callers
     * already on a thread that may block, to save a hand-off.
     */
    public void runHereOrRequest() {
        if (claim()) {
            loop();
        }
    }

    /** True when this caller took the runner from idle and must start it. */
    private boolean claim() {
        for (;;) {
            int s = state.get();
            if (s == IDLE) {
                if (state.compareAndSet(IDLE, RUNNING)) {
                    return true;
                }
            } else if (s == RUNNING) {
                if (state.compareAndSet(RUNNING, RUN_AGAIN)) {
                    return false;
                }
            } else {
                return false; // RUN_AGAIN already recorded
            }
        }
    }

    private void submit() {
        try {
            executor.execute(loop);
        } catch (RejectedExecutionException shuttingDown) {
            // The pool is stopping while connections still end; their last events must still be
            // delivered, and not on the container thread that reported them.
            Thread late = new Thread(loop, "wsengine-late-delivery");
            late.setDaemon(true);
            late.start();
        }
    }

    private void loop() {
        do {
            // Whatever was requested up to here is served by the run that follows.
            state.set(RUNNING);
            try {
                task.run();
            } catch (RuntimeException | Error bug) {
                // Tasks handle their own failures; reaching here is a bug, and the runner must
                // stay usable so that the connection can still be closed.
                TASK_FAILED.log(() -> "Connection task failed", bug);
            }
        } while (!state.compareAndSet(RUNNING, IDLE));
    }
}
