package dev.wsengine.session;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserPropertiesTest {

    /** Stands for a session or a per-session configuration. */
    static final class Holder {
        static final VarHandle FIELD;

        static {
            try {
                FIELD = MethodHandles.lookup().findVarHandle(Holder.class, "properties", Map.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        volatile Map<String, Object> properties;

        Map<String, Object> get() {
            return UserProperties.get(FIELD, this);
        }
    }

    @Test
    void anEmptyOrMissingSourceGivesNoCopyAndAFilledOneAnIndependentCopy() {
        assertNull(UserProperties.copyOrNull(null));
        assertNull(UserProperties.copyOrNull(Map.of()));
        Map<String, Object> source = new HashMap<>();
        source.put("user", "alice");
        Map<String, Object> copy = UserProperties.copyOrNull(source);
        copy.put("nullable", null);
        copy.remove("user");
        assertEquals(Map.of("user", "alice"), source);
        assertTrue(copy.containsKey("nullable"));
    }

    @Test
    void aMissingMapIsMadeOnFirstUseAndKeptAfter() {
        Holder holder = new Holder();
        Map<String, Object> made = holder.get();
        assertTrue(made.isEmpty());
        made.put("k", null);
        assertSame(made, holder.get());
        assertSame(made, holder.properties);
    }

    @Test
    void aMapSetAtConstructionIsTheOneReturned() {
        Holder holder = new Holder();
        holder.properties = UserProperties.copyOrNull(Map.of("a", 1));
        assertEquals(Map.of("a", 1), holder.get());
        assertSame(holder.properties, holder.get());
    }

    @Test
    void threadsAskingAtOnceAllGetTheSameMap() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                Holder holder = new Holder();
                List<Map<String, Object>> seen = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch start = new CountDownLatch(1);
                CountDownLatch done = new CountDownLatch(8);
                for (int t = 0; t < 8; t++) {
                    threads.execute(() -> {
                        try {
                            start.await();
                            seen.add(holder.get());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                start.countDown();
                assertTrue(done.await(10, TimeUnit.SECONDS));
                assertEquals(8, seen.size());
                for (Map<String, Object> map : seen) {
                    assertSame(holder.properties, map, "round " + round); // the same instance, not only equal
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
