package dev.wsengine.samples.chat;

import jakarta.websocket.Session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms' members connected to this instance, and the broker that carries each room's
 * messages to them and to the other instances. One instance alone until {@link #useBroker}.
 */
public final class ChatRooms {

    private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();
    private static volatile RoomBroker broker = new LocalRoomBroker(ChatRooms::deliver);

    private ChatRooms() {
    }

    /** Replaces the broker (closing the one before); {@link #useLocal} goes back to one instance alone. */
    public static synchronized void useBroker(RoomBroker next) {
        RoomBroker previous = broker;
        broker = next;
        previous.close();
    }

    public static void useLocal() {
        useBroker(new LocalRoomBroker(ChatRooms::deliver));
    }

    /** For the admin's health answer: {@code local}, or the Redis broker's state. */
    public static String brokerStatus() {
        return broker.status();
    }

    /** What brokers deliver to: this instance's members of the room. */
    public static RoomBroker.LocalDelivery localDelivery() {
        return ChatRooms::deliver;
    }

    static void join(String room, Session session) {
        ROOMS.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(session);
    }

    /** True when the session was a member (it leaves once, however often this is called). */
    static boolean leave(String room, Session session) {
        Set<Session> members = ROOMS.get(room);
        if (members != null && members.remove(session)) {
            ROOMS.computeIfPresent(room, (r, m) -> m.isEmpty() ? null : m);
            return true;
        }
        return false;
    }

    static void publish(String room, ChatMessage message) {
        broker.publish(room, message);
    }

    /** Async sends: one slow member must not hold up the room. */
    private static void deliver(String room, ChatMessage message) {
        for (Session member : ROOMS.getOrDefault(room, Set.of())) {
            if (member.isOpen()) {
                member.getAsyncRemote().sendObject(message);
            }
        }
    }

    static int members(String room) {
        return ROOMS.getOrDefault(room, Set.of()).size();
    }
}
