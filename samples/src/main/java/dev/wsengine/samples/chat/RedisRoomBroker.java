package dev.wsengine.samples.chat;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rooms across instances through Redis pub/sub, a channel per room ({@code wsengine:chat:ROOM}).
 * A message goes to this instance's members at once and to Redis for the others; what Redis hands
 * back carries the publishing instance's id, so this instance skips its own and nothing is
 * delivered twice. While Redis is unreachable the rooms are local only (what is published then is
 * not replayed: pub/sub keeps nothing); a subscriber thread reconnects with backoff and the rooms
 * span the instances again once it is subscribed.
 *
 * <p>Two connections: a subscriber that blocks reading, and a publisher thread that drains a
 * bounded outbox in pipelined batches, so a chat session's thread never waits on the network.
 */
public final class RedisRoomBroker implements RoomBroker {

    /** CONNECTING until the first subscription, then UP and DOWN as the connection comes and goes. */
    public enum State { CONNECTING, UP, DOWN, CLOSED }

    private static final System.Logger LOG = System.getLogger(RedisRoomBroker.class.getName());
    static final int OUTBOX_LIMIT = 10_000;
    private static final int BATCH = 256;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final long PING_MS = 2_000;
    /** A subscription that has not answered a PING for this long is taken for dead (a silent network). */
    private static final long PONG_DEADLINE_MS = 3 * PING_MS;
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final HostAndPort address;
    private final JedisClientConfig config;
    private final String instance;
    private final LocalDelivery delivery;
    private final String where;
    private final BlockingQueue<RoomEnvelope> outbox = new ArrayBlockingQueue<>(OUTBOX_LIMIT);
    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);
    private final AtomicLong notPublished = new AtomicLong();
    private final Thread subscriber;
    private final Thread publisher;
    private final ScheduledExecutorService watchdog;
    private volatile Subscription current;

    private RedisRoomBroker(HostAndPort address, JedisClientConfig config, String instance, LocalDelivery delivery) {
        this.address = address;
        this.config = config;
        this.instance = instance;
        this.delivery = delivery;
        this.where = "redis://" + address;
        subscriber = new Thread(this::subscribeLoop, "chat-redis-subscriber");
        publisher = new Thread(this::publishLoop, "chat-redis-publisher");
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(new Thread(r, "chat-redis-ping")));
    }

    /**
     * Starts a broker for the Redis at {@code url} ({@code redis://[[user]:password@]host[:port]});
     * it connects in the background, so a Redis that is down now does not stop the instance.
     *
     * @throws IllegalArgumentException for a URL that is not {@code redis://}
     */
    public static RedisRoomBroker start(String url, LocalDelivery delivery) {
        URI uri = URI.create(url.trim());
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Expected redis://host:port for the chat's broker, got " + url);
        }
        // RESP2: what Jedis's pub/sub speaks; Redis 6 and later answer it as well as RESP3.
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP2)
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS).socketTimeoutMillis(CONNECT_TIMEOUT_MS);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                config.password(userInfo);
            } else {
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(userInfo.substring(colon + 1));
            }
        }
        String instance = "i" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        RedisRoomBroker broker = new RedisRoomBroker(
                new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                config.clientName("wsengine-chat-" + instance).build(), instance, delivery);
        broker.subscriber.setDaemon(true);
        broker.publisher.setDaemon(true);
        broker.subscriber.start();
        broker.publisher.start();
        broker.watchdog.scheduleWithFixedDelay(broker::checkSubscription, PING_MS, PING_MS, TimeUnit.MILLISECONDS);
        return broker;
    }

    public State state() {
        return state.get();
    }

    @Override
    public String status() {
        return "redis " + state.get();
    }

    /** This instance's id in the envelopes it publishes. */
    public String instance() {
        return instance;
    }

    @Override
    public void publish(String room, ChatMessage message) {
        delivery.deliver(room, message);
        if (state.get() != State.UP) {
            notPublished.incrementAndGet();
            return;
        }
        if (!outbox.offer(new RoomEnvelope(instance, room, message))) {
            // Redis is slower than the rooms: the other instances miss this one, the local room does not.
            if (notPublished.incrementAndGet() % 1000 == 1) {
                LOG.log(System.Logger.Level.WARNING, "Chat broker " + where + ": outbox full ("
                        + OUTBOX_LIMIT + "), messages go to this instance's members only");
            }
        }
    }

    /** What came in from Redis: everyone's messages but our own, which our members have already. */
    void received(String channel, String payload) {
        RoomEnvelope envelope;
        try {
            envelope = RoomEnvelope.read(channel, payload);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "Chat broker: ignoring " + channel + ": " + e.getMessage());
            return;
        }
        if (!envelope.instance().equals(instance)) {
            delivery.deliver(envelope.room(), envelope.message());
        }
    }

    private void subscribeLoop() {
        long backoff = MIN_BACKOFF_MS;
        while (state.get() != State.CLOSED) {
            Subscription subscription = null;
            String why = "the subscription ended";
            try (Jedis jedis = new Jedis(address, config)) {
                subscription = new Subscription(jedis);
                current = subscription;
                if (state.get() != State.CLOSED) {
                    // Blocks until the connection is lost or close() drops it.
                    jedis.psubscribe(subscription, RoomEnvelope.ALL_ROOMS);
                }
            } catch (JedisException | IllegalStateException e) {
                why = String.valueOf(e.getMessage());
            }
            current = null;
            State before = state.getAndUpdate(s -> s == State.CLOSED ? s : State.DOWN);
            if (before == State.UP) {
                LOG.log(System.Logger.Level.WARNING, "Chat broker " + where + " lost (" + why
                        + "); rooms are local to this instance until it is back");
            } else if (before == State.CONNECTING) {
                LOG.log(System.Logger.Level.WARNING, "Chat broker " + where + " unreachable (" + why
                        + "); rooms are local to this instance until it answers");
            }
            if (subscription != null && subscription.confirmed) {
                backoff = MIN_BACKOFF_MS; // it worked a moment ago: try again soon
            }
            if (state.get() == State.CLOSED || !sleep(backoff)) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    private void publishLoop() {
        Jedis connection = null;
        List<RoomEnvelope> batch = new ArrayList<>(BATCH);
        try {
            while (state.get() != State.CLOSED) {
                RoomEnvelope first = outbox.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                outbox.drainTo(batch, BATCH - 1);
                // A connection that Redis dropped while idle fails only when used: one more try on a
                // fresh one, or the first messages after Redis comes back would be lost.
                for (int attempt = 1; attempt <= 2; attempt++) {
                    try {
                        if (connection == null) {
                            connection = new Jedis(address, config);
                        }
                        publish(connection, batch);
                        break;
                    } catch (JedisException e) {
                        connection = closeQuietly(connection);
                        if (attempt == 2 || state.get() != State.UP) {
                            notPublished.addAndGet(batch.size());
                            LOG.log(System.Logger.Level.DEBUG, "Chat broker " + where + ": publishing failed", e);
                            break;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
        }
    }

    private static void publish(Jedis connection, List<RoomEnvelope> batch) {
        try (Pipeline pipeline = connection.pipelined()) {
            for (RoomEnvelope envelope : batch) {
                pipeline.publish(envelope.channel(), envelope.payload());
            }
            pipeline.sync();
        }
    }

    /** PINGs the subscription, and drops it when Redis stopped answering, so the loop reconnects. */
    private void checkSubscription() {
        Subscription subscription = current;
        if (subscription == null || !subscription.isSubscribed()) {
            return;
        }
        if (System.nanoTime() - subscription.lastHeard > PONG_DEADLINE_MS * 1_000_000L) {
            LOG.log(System.Logger.Level.WARNING, "Chat broker " + where + " did not answer PING for "
                    + PONG_DEADLINE_MS + " ms; reconnecting");
            subscription.jedis.disconnect();
            return;
        }
        try {
            subscription.ping();
        } catch (JedisException e) {
            subscription.jedis.disconnect();
        }
    }

    @Override
    public void close() {
        // The last leave notices of a drain are still in the outbox: give them a moment to go out.
        long flushDeadline = System.nanoTime() + 1_000_000_000L;
        while (!outbox.isEmpty() && state.get() == State.UP && System.nanoTime() < flushDeadline) {
            sleep(10);
        }
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        watchdog.shutdownNow();
        Subscription subscription = current;
        if (subscription != null) {
            // Closing the socket ends the blocking read at once; PUNSUBSCRIBE would need an answer.
            subscription.jedis.disconnect();
        }
        subscriber.interrupt();
        publisher.interrupt();
        join(subscriber);
        join(publisher);
    }

    private static void join(Thread thread) {
        try {
            thread.join(CONNECT_TIMEOUT_MS + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Jedis closeQuietly(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Closing a Redis connection failed", e);
            }
        }
        return null;
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }

    /** One subscription on one connection: its messages, and when Redis was last heard from. */
    private final class Subscription extends JedisPubSub {
        final Jedis jedis;
        volatile long lastHeard = System.nanoTime();
        volatile boolean confirmed;

        Subscription(Jedis jedis) {
            this.jedis = jedis;
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            lastHeard = System.nanoTime();
            confirmed = true;
            State before = state.getAndUpdate(s -> s == State.CLOSED ? s : State.UP);
            if (before != State.CLOSED) {
                LOG.log(System.Logger.Level.INFO, "Chat broker " + where + " subscribed as instance "
                        + instance + (before == State.DOWN ? "; rooms span the instances again" : ""));
            }
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            lastHeard = System.nanoTime();
            received(channel, message);
        }

        @Override
        public void onPong(String pattern) {
            lastHeard = System.nanoTime();
        }
    }
}
