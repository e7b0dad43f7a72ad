package dev.wsengine.logging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(new Recording(lines), System.Logger.Level.WARNING,
            3, 100, now::get);

    @Test
    void writesTheBurstThenCountsWhatItLeavesOut() {
        for (int i = 0; i < 10; i++) {
            int n = i;
            log.log(() -> "line " + n, null);
        }
        assertEquals(List.of("line 0", "line 1", "line 2"), lines);
        assertEquals(7, log.suppressedSoFar());
    }

    @Test
    void theNextWindowSaysHowManyWereLeftOut() {
        for (int i = 0; i < 5; i++) {
            log.log(() -> "flood", null);
        }
        now.addAndGet(100);
        log.log(() -> "after", null);
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("after (2 similar lines were left out"), lines.get(3));
        assertEquals(0, log.suppressedSoFar());
    }

    @Test
    void buildsNoMessageWhenTheLevelIsOff() {
        RateLimitedLog quiet = new RateLimitedLog(new Recording(lines) {
            @Override
            public boolean isLoggable(Level level) {
                return false;
            }
        }, System.Logger.Level.WARNING, 3, 100, now::get);
        quiet.log(() -> {
            throw new AssertionError("message built for a level that is off");
        }, null);
        assertEquals(List.of(), lines);
    }

    private static class Recording implements System.Logger {
        private final List<String> lines;

        Recording(List<String> lines) {
            this.lines = lines;
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }
    }
}
