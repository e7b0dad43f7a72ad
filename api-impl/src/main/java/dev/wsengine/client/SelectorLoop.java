package dev.wsengine.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One selector thread for the client connections (see {@link ClientThreads}). It only notices readiness and
 * hands the work on; it never runs application code. Other threads change registrations through
 * {@link #execute}, which queues the change and wakes the selector.
 */
final class SelectorLoop implements Runnable {

    /** What a registered channel is told when its key becomes ready. */
    interface Ready {
        void onReady(SelectionKey key);
    }

    private static final System.Logger LOG = System.getLogger(SelectorLoop.class.getName());

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    SelectorLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector", e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the selector thread. */
    void execute(Runnable task) {
        if (!running) {
            throw new RejectedExecutionException("The client selector loop has stopped");
        }
        tasks.add(task);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    /** Registers {@code channel} (non-blocking) with the given interest, from any thread. */
    void register(SelectableChannel channel, int interest, Ready ready, Consumer<SelectionKey> registered) {
        execute(() -> {
            try {
                registered.accept(channel.register(selector, interest, ready));
            } catch (ClosedChannelException e) {
                registered.accept(null);
            }
        });
    }

    @Override
    public void run() {
        while (running) {
            try {
                selector.select();
                runTasks();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isValid()) {
                            ((Ready) key.attachment()).onReady(key);
                        }
                    } catch (CancelledKeyException ignored) {
                        // Closed by another thread between select and dispatch.
                    }
                }
            } catch (ClosedSelectorException e) {
                break;
            } catch (Throwable t) {
                // One connection's failure must not stop the thread every other connection needs.
                LOG.log(System.Logger.Level.ERROR, "Client selector loop error", t);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Shutting down.
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (CancelledKeyException ignored) {
                // The connection closed after queueing the change.
            }
        }
    }

    void shutdown() {
        running = false;
        selector.wakeup();
    }
}
