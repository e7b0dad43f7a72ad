package dev.wsengine.samples.chat;

import dev.wsengine.samples.json.FlatJson;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A room message as it travels between instances: the chat message plus the id of the instance
 * that published it, so that instance, which delivered it to its own members already, skips it
 * when the broker hands it back. The room is the channel's name: {@code wsengine:chat:ROOM}.
 */
record RoomEnvelope(String instance, String room, ChatMessage message) {

    static final String CHANNEL_PREFIX = "wsengine:chat:";
    static final String ALL_ROOMS = CHANNEL_PREFIX + "*";

    String channel() {
        return CHANNEL_PREFIX + room;
    }

    String payload() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("instance", instance);
        fields.putAll(message.fields());
        return FlatJson.write(fields);
    }

    /**
     * Reads what came in on {@code channel}.
     *
     * @throws IllegalArgumentException for a channel outside the chat's or a payload that is not
     *                                  one of our envelopes (another program on the same Redis)
     */
    static RoomEnvelope read(String channel, String payload) {
        if (!channel.startsWith(CHANNEL_PREFIX)) {
            throw new IllegalArgumentException("Not a chat room channel: " + channel);
        }
        Map<String, String> fields = FlatJson.read(payload);
        String instance = fields.get("instance");
        String type = fields.get("type");
        if (instance == null || type == null || fields.get("name") == null || fields.get("text") == null) {
            throw new IllegalArgumentException("A room envelope needs instance, type, name and text: " + payload);
        }
        return new RoomEnvelope(instance, channel.substring(CHANNEL_PREFIX.length()),
                new ChatMessage(type, fields.get("name"), fields.get("text")));
    }
}
