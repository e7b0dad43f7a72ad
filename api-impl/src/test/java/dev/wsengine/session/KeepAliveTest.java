package dev.wsengine.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KeepAliveTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private KeepAlive keepAlive(long intervalMs, long timeoutMs) {
        return new KeepAlive(scheduler, intervalMs, timeoutMs, () -> events.add("ping"), () -> events.add("no answer"));
    }

    private String next() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No keepalive event within 5 s");
        }
        return event;
    }

    @Test
    void pingsASilentPeerAndGivesUpOnceWhenNothingArrives() throws Exception {
        keepAlive(20, 20).start();
        assertEquals("ping", next());
        assertEquals("no answer", next());
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "nothing after giving up");
    }

    @Test
    void anyInboundByteAnswersThePing() throws Exception {
        KeepAlive keepAlive = keepAlive(20, 60_000);
        keepAlive.start();
        assertEquals("ping", next());
        keepAlive.onInbound();
        // A second Ping only follows an answered one, after another silent interval.
        assertEquals("ping", next());
        keepAlive.stop();
    }

    @Test
    void offWhenTheIntervalIsZero() throws Exception {
        keepAlive(0, 20).start();
        scheduler.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertNull(events.poll());
    }

    @Test
    void stoppedBeforeItStartsNeverPings() throws Exception {
        KeepAlive keepAlive = keepAlive(20, 20);
        keepAlive.stop(); // a session closed before it opened
        keepAlive.start();
        scheduler.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertNull(events.poll());
    }
}
