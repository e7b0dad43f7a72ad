package dev.wsengine.samples.chat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoomEnvelopeTest {

    @Test
    void carriesTheInstanceAndTheMessageThroughAChannelPerRoom() {
        RoomEnvelope sent = new RoomEnvelope("i1-abc", "lobby", ChatMessage.message("ann", "hi \"all\""));
        assertEquals("wsengine:chat:lobby", sent.channel());
        assertEquals("{\"instance\":\"i1-abc\",\"type\":\"message\",\"name\":\"ann\",\"text\":\"hi \\\"all\\\"\"}",
                sent.payload());
        assertEquals(sent, RoomEnvelope.read(sent.channel(), sent.payload()));
    }

    @Test
    void refusesWhatIsNotOneOfOurEnvelopes() {
        assertThrows(IllegalArgumentException.class, () -> RoomEnvelope.read("other:lobby", "{}"));
        assertThrows(IllegalArgumentException.class,
                () -> RoomEnvelope.read("wsengine:chat:lobby", "{\"type\":\"message\",\"name\":\"a\",\"text\":\"\"}"));
        assertThrows(IllegalArgumentException.class, () -> RoomEnvelope.read("wsengine:chat:lobby", "not json"));
    }

    @Test
    void aBrokerDeliversOthersMessagesButSkipsItsOwnAndStaysLocalWithoutRedis() {
        List<String> delivered = new ArrayList<>();
        // Port 1 on loopback: nothing listens, so the broker is down from the start.
        RedisRoomBroker broker = RedisRoomBroker.start("redis://127.0.0.1:1",
                (room, m) -> delivered.add(room + ":" + m.name() + ":" + m.text()));
        try {
            broker.publish("lobby", ChatMessage.message("ann", "local"));
            broker.received("wsengine:chat:lobby",
                    new RoomEnvelope(broker.instance(), "lobby", ChatMessage.message("ann", "echoed")).payload());
            broker.received("wsengine:chat:lobby",
                    new RoomEnvelope("elsewhere", "lobby", ChatMessage.message("bob", "remote")).payload());
            broker.received("wsengine:chat:lobby", "garbage");
            assertEquals(List.of("lobby:ann:local", "lobby:bob:remote"), delivered);
        } finally {
            broker.close();
        }
        assertEquals(RedisRoomBroker.State.CLOSED, broker.state());
    }

    @Test
    void refusesAUrlThatIsNotRedis() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RedisRoomBroker.start("http://127.0.0.1:6379", (room, m) -> { }));
        assertEquals("Expected redis://host:port for the chat's broker, got http://127.0.0.1:6379", e.getMessage());
    }
}
