package dev.wsengine.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionThreadsTest {

    private final ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
    };

    @Test
    void runsWorkOnNamedDaemonThreadsCarryingTheApplicationsLoader() throws Exception {
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 2, loader);
        List<Thread> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        threads.execute(() -> {
            ran.add(Thread.currentThread());
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));

        Thread thread = ran.get(0);
        assertTrue(thread.getName().startsWith("wsengine-io-app-"), thread.getName());
        assertTrue(thread.isDaemon());
        assertSame(loader, thread.getContextClassLoader());
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void workHandedInOneAfterAnotherReusesTheFreeThreadInsteadOfStartingMore() throws Exception {
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 8, loader);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch done = new CountDownLatch(1);
            threads.execute(() -> {
                ran.add(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            // The task's thread counts as busy until it is back at the queue; let it get there.
            awaitIdle(threads);
        }
        assertEquals(1, ran.size(), "threads used: " + ran);
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void busyThreadsMakeItGrowToTheBoundAndTheRestWaitsInTheQueue() throws Exception {
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 4, loader);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch finished = new CountDownLatch(10);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10; i++) {
            Runnable held = heldUntil(release, ran, started);
            threads.execute(() -> {
                held.run();
                finished.countDown();
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS), "four tasks should run at once");
        assertEquals(4, threads.aliveThreads());
        assertEquals(10, finished.getCount(), "no task may finish before the release");
        release.countDown();
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the queued six must run too");
        assertEquals(4, ran.size());
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    /** A task that notes its thread, says it started, and holds its thread until the release. */
    private static Runnable heldUntil(CountDownLatch release, Collection<Thread> ran, CountDownLatch started) {
        return () -> {
            ran.add(Thread.currentThread());
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void awaitIdle(ConnectionThreads threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.unfinishedTasks() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, threads.unfinishedTasks());
    }

    @Test
    void stopReturnsOnlyOnceEveryThreadHasEndedAfterFinishingItsWork() throws Exception {
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 4, loader);
        List<Thread> ran = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            threads.execute(heldUntil(release, ran, started));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        release.countDown();

        assertTrue(threads.stop(Duration.ofSeconds(10)));

        // What Tomcat checks when an application stops: none of its threads may still be alive.
        assertEquals(4, ran.size());
        ran.forEach(thread -> assertFalse(thread.isAlive(), thread.getName()));
        assertEquals(0, threads.aliveThreads());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> threads.execute(() -> { }));
    }

    @Test
    void threadsMadeAtTheSameMomentAreAllWaitedFor() throws Exception {
        // Workers made concurrently: one may exist, not yet started, while the next one is made.
        for (int round = 0; round < 20; round++) {
            ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 8, loader);
            List<Thread> ran = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread submitter = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    threads.execute(() -> ran.add(Thread.currentThread()));
                });
                submitter.start();
                submitters.add(submitter);
            }
            go.countDown();
            for (Thread submitter : submitters) {
                submitter.join(10_000);
            }

            assertTrue(threads.stop(Duration.ofSeconds(10)));

            assertEquals(8, ran.size());
            int r = round;
            ran.forEach(thread -> assertFalse(thread.isAlive(), thread.getName() + " in round " + r));
        }
    }

    @Test
    void stopInterruptsWorkThatOutlivesTheTimeoutAndSaysSo() throws Exception {
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 1, loader);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        threads.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        assertFalse(threads.stop(Duration.ofMillis(50)));
        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
    }
}
