package dev.wsengine.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConnectionThreadsTest {

    private final ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
    };
    /** The watch's looks, which these tests run by hand instead of on a timer. */
    private final List<Runnable> looks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService watch = mock(ScheduledExecutorService.class);

    {
        when(watch.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class))).thenAnswer(call -> {
            looks.add(call.getArgument(0));
            return null;
        });
    }

    private ConnectionThreads create(int maxThreads) {
        return ConnectionThreads.create("wsengine-io-app", maxThreads, loader, watch);
    }

    /** Runs the look the pool asked for last, as its timer would after {@link ConnectionThreads#LOOK_EVERY_MS}. */
    private void look() {
        assertFalse(looks.isEmpty(), "the pool asked for no look");
        looks.remove(looks.size() - 1).run();
    }

    @Test
    void runsWorkOnNamedDaemonThreadsCarryingTheApplicationsLoader() throws Exception {
        ConnectionThreads threads = create(2);
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
    void aBurstOfShortWorkRunsOnTheBaseThreadsWithoutGrowing() throws Exception {
        ConnectionThreads threads = create(200);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(1_000);
        for (int i = 0; i < 1_000; i++) {
            threads.execute(() -> {
                ran.add(Thread.currentThread());
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        // The base, the most a burst of work that holds no thread for long may start.
        assertEquals(Math.min(200, ConnectionThreads.BASE_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors()),
                threads.baseThreads());
        assertTrue(ran.size() <= threads.baseThreads(), "threads used: " + ran.size());
        assertTrue(threads.aliveThreads() <= threads.baseThreads());
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void whenEveryThreadIsHeldTheWaitingWorkGetsThreadsOfItsOwnUpToTheBound() throws Exception {
        ConnectionThreads threads = create(200);
        int base = threads.baseThreads();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch baseStarted = new CountDownLatch(base);
        Set<Thread> held = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < base; i++) {
            threads.execute(heldUntil(release, held, baseStarted));
        }
        assertTrue(baseStarted.await(10, TimeUnit.SECONDS));
        CountDownLatch waitingRan = new CountDownLatch(3);
        Set<Thread> ranLater = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            threads.execute(() -> {
                ranLater.add(Thread.currentThread());
                waitingRan.countDown();
            });
        }
        assertEquals(3, waitingRan.getCount(), "every thread is held: the three wait");

        // Every thread is parked in its task.
        while (waitingRan.getCount() > 0 && !looks.isEmpty()) {
            look();
            waitingRan.await(100, TimeUnit.MILLISECONDS);
        }

        assertTrue(waitingRan.await(10, TimeUnit.SECONDS), "the three must run while the others are held");
        ranLater.forEach(thread -> assertFalse(held.contains(thread), thread.getName()));
        release.countDown();
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void runnableThreadsThatKeepTakingWorkGetNoCompany() throws Exception {
        ConnectionThreads threads = create(200);
        int base = threads.baseThreads();
        AtomicBoolean firstSpin = new AtomicBoolean(true);
        AtomicBoolean secondSpin = new AtomicBoolean(true);
        CountDownLatch firstStarted = new CountDownLatch(base);
        CountDownLatch secondStarted = new CountDownLatch(base);
        for (int i = 0; i < base; i++) {
            threads.execute(spinning(firstSpin, firstStarted));
        }
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 2 * base; i++) {
            threads.execute(spinning(secondSpin, secondStarted));
        }
        firstSpin.set(false); // the threads take queued work now, and are runnable in it
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS));

        look(); // work waits, every thread is in a task, none is parked, and work was taken

        assertEquals(base, threads.aliveThreads(), "runnable threads that take work are not held");
        secondSpin.set(false);
        awaitIdle(threads);
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void threadsThatTookNoWorkSinceTheLastLookCountAsHeldEvenWhenRunnable() throws Exception {
        // What a handler in blocking socket I/O looks like: runnable, and never done.
        ConnectionThreads threads = create(200);
        int base = threads.baseThreads();
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(base);
        for (int i = 0; i < base; i++) {
            threads.execute(spinning(spin, started));
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        CountDownLatch waitingRan = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            threads.execute(waitingRan::countDown);
        }

        while (waitingRan.getCount() > 0 && !looks.isEmpty()) {
            look();
            waitingRan.await(100, TimeUnit.MILLISECONDS);
        }

        assertTrue(waitingRan.await(10, TimeUnit.SECONDS), "the waiting work must run while the others spin");
        spin.set(false);
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    private static Runnable spinning(AtomicBoolean spin, CountDownLatch started) {
        return () -> {
            started.countDown();
            while (spin.get()) {
                Thread.onSpinWait(); // runnable the whole time
            }
        };
    }

    @Test
    void busyThreadsMakeItGrowToTheBoundAndTheRestWaitsInTheQueue() throws Exception {
        ConnectionThreads threads = create(4);
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
        while (started.getCount() > 0 && !looks.isEmpty()) {
            look();
            started.await(100, TimeUnit.MILLISECONDS);
        }
        assertTrue(started.await(10, TimeUnit.SECONDS), "four tasks should run at once");
        assertEquals(4, threads.aliveThreads());
        assertEquals(10, finished.getCount(), "no task may finish before the release");
        release.countDown();
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the queued six must run too");
        assertEquals(4, ran.size());
        assertTrue(threads.stop(Duration.ofSeconds(10)));
    }

    @Test
    void aWatchThatIsStoppedLeavesTheQueueToTheThreadsThereAre() throws Exception {
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdown();
        ConnectionThreads threads = ConnectionThreads.create("wsengine-io-app", 200, loader, stopped);
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            threads.execute(done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
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
        ConnectionThreads threads = create(4);
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
            ConnectionThreads threads = create(8);
            List<Thread> ran = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> submitters = new ArrayList<>();
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
        ConnectionThreads threads = create(1);
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
