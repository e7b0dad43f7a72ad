package dev.wsengine.samples.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What goes through a chat room, as JSON: {@code {"type":"message","name":"ann","text":"hi"}}.
 * Clients send only {@code message}s (name and type may be left out); the server adds the
 * sender's name and sends {@code join} and {@code leave} notices too.
 */
public record ChatMessage(String type, String name, String text) {

    public static final String MESSAGE = "message";
    public static final String JOIN = "join";
    public static final String LEAVE = "leave";

    public static ChatMessage message(String name, String text) {
        return new ChatMessage(MESSAGE, name, text);
    }

    public static ChatMessage notice(String type, String name) {
        return new ChatMessage(type, name, "");
    }

    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", type);
        fields.put("name", name);
        fields.put("text", text);
        return fields;
    }
}
