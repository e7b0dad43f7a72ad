package dev.wsengine.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleWheelTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    /** A timer on {@code wheel} that notes when it fired and counts down {@code fired}. */
    private static final class Probe {
        final CountDownLatch fired = new CountDownLatch(1);
        volatile long firedAtNanos;
        final IdleTimer timer;

        Probe(IdleWheel wheel, List<Probe> order) {
            timer = new IdleTimer(wheel, () -> {
                firedAtNanos = System.nanoTime();
                order.add(this);
                fired.countDown();
            });
        }
    }

    @Test
    void firesOnceTheTimeoutHasPassedAndNotBefore() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler);
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe probe = new Probe(wheel, order);
        long start = System.nanoTime();
        probe.timer.setTimeout(200);

        assertTrue(probe.fired.await(10, TimeUnit.SECONDS));
        assertTrue(probe.firedAtNanos - start >= TimeUnit.MILLISECONDS.toNanos(200),
                "fired after " + TimeUnit.NANOSECONDS.toMillis(probe.firedAtNanos - start) + " ms");
        assertEquals(1, order.size());
        assertEquals(0, wheel.linkedTimers());
    }

    @Test
    void activityPutsTheDeadlineOffUntilTheSessionIsQuiet() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler, 10, 8);
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe probe = new Probe(wheel, order);
        probe.timer.setTimeout(300);
        long lastTouch = System.nanoTime();
        for (int i = 0; i < 30; i++) { // 600 ms of activity, every 20 ms
            Thread.sleep(20);
            probe.timer.touch();
            lastTouch = System.nanoTime();
            assertEquals(1, probe.fired.getCount(), "fired while the session was active, at touch " + i);
        }

        assertTrue(probe.fired.await(10, TimeUnit.SECONDS));
        assertTrue(probe.firedAtNanos - lastTouch >= TimeUnit.MILLISECONDS.toNanos(300));
    }

    @Test
    void timeoutsLongerThanATurnOfTheWheelWaitTheirTurns() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler, 5, 4); // one turn is 20 ms
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe late = new Probe(wheel, order);
        Probe early = new Probe(wheel, order);
        Probe middle = new Probe(wheel, order);
        long start = System.nanoTime();
        late.timer.setTimeout(230);
        early.timer.setTimeout(70);
        middle.timer.setTimeout(150);

        assertTrue(late.fired.await(10, TimeUnit.SECONDS));
        assertTrue(early.fired.await(10, TimeUnit.SECONDS));
        assertTrue(middle.fired.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(early, middle, late), order);
        assertTrue(late.firedAtNanos - start >= TimeUnit.MILLISECONDS.toNanos(230));
        assertTrue(middle.firedAtNanos - start >= TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void aStoppedTimerNeverFiresAndTheWheelStopsTickingWhenNoneIsLinked() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler, 10, 8);
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe stopped = new Probe(wheel, order);
        Probe turnedOff = new Probe(wheel, order);
        stopped.timer.setTimeout(50);
        turnedOff.timer.setTimeout(50);
        assertEquals(2, wheel.linkedTimers());

        stopped.timer.stop();
        turnedOff.timer.setTimeout(0);
        stopped.timer.setTimeout(50); // a stopped timer stays stopped

        assertEquals(0, wheel.linkedTimers());
        assertFalse(stopped.fired.await(300, TimeUnit.MILLISECONDS));
        assertEquals(1, turnedOff.fired.getCount());
        assertEquals(0, turnedOff.timer.timeout());
        // The tick that found nothing linked scheduled no other.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!scheduler.getQueue().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(scheduler.getQueue().isEmpty(), "the wheel still ticks with no timer linked");
    }

    @Test
    void aNewTimeoutReplacesTheOldOne() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler, 10, 8);
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe probe = new Probe(wheel, order);
        probe.timer.setTimeout(60_000);
        long start = System.nanoTime();
        probe.timer.setTimeout(100);

        assertTrue(probe.fired.await(10, TimeUnit.SECONDS));
        assertTrue(probe.firedAtNanos - start >= TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(100, probe.timer.timeout());
    }

    @Test
    void onAShutDownSchedulerTimersAreTakenButNeverFire() throws Exception {
        scheduler.shutdown();
        IdleWheel wheel = new IdleWheel(scheduler, 10, 8);
        List<Probe> order = new CopyOnWriteArrayList<>();
        Probe probe = new Probe(wheel, order);
        probe.timer.setTimeout(20);

        assertFalse(probe.fired.await(200, TimeUnit.MILLISECONDS));
        probe.timer.stop();
        assertEquals(0, wheel.linkedTimers());
    }

    @Test
    void thousandsOfTimersWithOneTimeoutAllFire() throws Exception {
        IdleWheel wheel = new IdleWheel(scheduler, 10, 16);
        List<Probe> order = new CopyOnWriteArrayList<>();
        List<Probe> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Probe probe = new Probe(wheel, order);
            probe.timer.setTimeout(50 + i % 200);
            probes.add(probe);
        }
        for (Probe probe : probes) {
            assertTrue(probe.fired.await(10, TimeUnit.SECONDS));
        }
        assertEquals(5_000, order.size());
        assertEquals(0, wheel.linkedTimers());
    }
}
