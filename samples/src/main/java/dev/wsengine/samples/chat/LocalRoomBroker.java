package dev.wsengine.samples.chat;

/** One instance alone: a room's messages go to the members connected here, and nowhere else. */
public final class LocalRoomBroker implements RoomBroker {

    private final LocalDelivery delivery;

    public LocalRoomBroker(LocalDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public void publish(String room, ChatMessage message) {
        delivery.deliver(room, message);
    }

    @Override
    public String status() {
        return "local";
    }

    @Override
    public void close() {
    }
}
