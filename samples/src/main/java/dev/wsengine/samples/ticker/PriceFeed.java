package dev.wsengine.samples.ticker;

import dev.wsengine.samples.json.FlatJson;
import jakarta.websocket.Session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Made-up prices for a few symbols, moved by a random walk on one shared scheduler thread and
 * pushed to each symbol's subscribers: no thread per session, and no send that waits for a slow
 * client (sends are asynchronous). Started with the first subscription, stopped with the server.
 */
public final class PriceFeed {

    public static final List<String> SYMBOLS = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA");
    static final long PERIOD_MS = 500;

    private static final PriceFeed INSTANCE = new PriceFeed();

    private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Double> prices = new ConcurrentHashMap<>();
    private final Random random = new Random();
    private ScheduledExecutorService scheduler;

    private PriceFeed() {
        double start = 100;
        for (String symbol : SYMBOLS) {
            prices.put(symbol, start);
            subscribers.put(symbol, ConcurrentHashMap.newKeySet());
            start += 37.5;
        }
    }

    public static PriceFeed get() {
        return INSTANCE;
    }

    /** @return false for a symbol the feed does not know */
    public boolean subscribe(String symbol, Session session) {
        Set<Session> set = subscribers.get(symbol);
        if (set == null) {
            return false;
        }
        set.add(session);
        start();
        return true;
    }

    /**
     * Once this returns, no price of the symbol is queued for the session after anything the
     * caller sends next (such as the answer to the unsubscription): a tick queues a symbol's
     * prices holding the same lock.
     */
    public void unsubscribe(String symbol, Session session) {
        Set<Session> set = subscribers.get(symbol);
        if (set != null) {
            synchronized (set) {
                set.remove(session);
            }
        }
    }

    public void unsubscribeAll(Session session) {
        for (Set<Session> set : subscribers.values()) {
            synchronized (set) {
                set.remove(session);
            }
        }
    }

    private synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sample-price-feed");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the scheduler; a later subscription starts it again. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void tick() {
        for (String symbol : SYMBOLS) {
            Set<Session> set = subscribers.get(symbol);
            double price = prices.merge(symbol, 0.0, (old, zero) ->
                    Math.max(1, Math.round(old * (1 + (random.nextDouble() - 0.5) / 50) * 100) / 100.0));
            if (set.isEmpty()) {
                continue;
            }
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("type", "price");
            update.put("symbol", symbol);
            update.put("price", price);
            String json = FlatJson.write(update);
            // Asynchronous sends only queue the message, so the lock is held briefly.
            synchronized (set) {
                for (Session session : set) {
                    if (session.isOpen()) {
                        session.getAsyncRemote().sendText(json);
                    } else {
                        set.remove(session);
                    }
                }
            }
        }
    }
}
