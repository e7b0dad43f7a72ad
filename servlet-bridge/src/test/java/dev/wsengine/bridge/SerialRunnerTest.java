package dev.wsengine.bridge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialRunnerTest {

    @Test
    void aRequestWhileTheTaskRunsMakesItRunExactlyOnceMore() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch firstRunStarted = new CountDownLatch(1);
            CountDownLatch releaseFirstRun = new CountDownLatch(1);
            CountDownLatch secondRunDone = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger maxConcurrent = new AtomicInteger();
            SerialRunner runner = new SerialRunner(pool, () -> {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                int run = runs.incrementAndGet();
                try {
                    if (run == 1) {
                        firstRunStarted.countDown();
                        releaseFirstRun.await(10, TimeUnit.SECONDS);
                    } else {
                        secondRunDone.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    concurrent.decrementAndGet();
                }
            });
            runner.request();
            assertTrue(firstRunStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                runner.request();
            }
            releaseFirstRun.countDown();
            assertTrue(secondRunDone.await(10, TimeUnit.SECONDS));
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(2, runs.get(), "five requests during the first run make one more run");
            assertEquals(1, maxConcurrent.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsOnTheCallingThreadWhenIdle() {
        AtomicInteger runs = new AtomicInteger();
        Thread caller = Thread.currentThread();
        SerialRunner runner = new SerialRunner(task -> {
            throw new AssertionError("nothing should be handed to the executor");
        }, () -> {
            assertEquals(caller, Thread.currentThread());
            runs.incrementAndGet();
        });
        runner.runHereOrRequest();
        runner.runHereOrRequest();
        assertEquals(2, runs.get());
    }

    @Test
    void manyThreadsRequestingNeverRunTheTaskConcurrentlyAndTheLastRequestIsServed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger requested = new AtomicInteger();
            AtomicInteger seen = new AtomicInteger();
            SerialRunner runner = new SerialRunner(pool, () -> {
                if (concurrent.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                seen.set(requested.get());
                concurrent.decrementAndGet();
            });
            CountDownLatch done = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        requested.incrementAndGet();
                        runner.request();
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            assertEquals(40_000, seen.get(), "a run happened after the last request");
        } finally {
            pool.shutdownNow();
        }
    }
}
