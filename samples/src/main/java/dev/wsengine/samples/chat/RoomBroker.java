package dev.wsengine.samples.chat;

/**
 * Carries a room's messages to its members, on this instance and on every other one that shares
 * the broker. The chat code talks only to this; {@link LocalRoomBroker} serves one instance alone,
 * {@link RedisRoomBroker} several through Redis pub/sub.
 */
public interface RoomBroker extends AutoCloseable {

    /** Where a broker hands the messages for this instance's own members of a room. */
    @FunctionalInterface
    interface LocalDelivery {
        void deliver(String room, ChatMessage message);
    }

    /**
     * Delivers {@code message} to the members of {@code room} here, and to those on the other
     * instances when a broker joins them. Never blocks on the network.
     */
    void publish(String room, ChatMessage message);

    /** One word or two for an operator: where the rooms' messages go now. */
    String status();

    /** Stops talking to other instances; messages go on being delivered here only. */
    @Override
    void close();
}
