package dev.wsengine.samples.chat;

import dev.wsengine.samples.json.FlatJson;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

import java.util.Map;

/** The chat room's JSON, as a Jakarta WebSocket encoder and decoder. */
public final class ChatMessageCodec {

    private ChatMessageCodec() {
    }

    public static final class Encode implements Encoder.Text<ChatMessage> {
        @Override
        public String encode(ChatMessage message) throws EncodeException {
            return FlatJson.write(message.fields());
        }
    }

    public static final class Decode implements Decoder.Text<ChatMessage> {
        @Override
        public ChatMessage decode(String s) throws DecodeException {
            Map<String, String> fields;
            try {
                fields = FlatJson.read(s);
            } catch (IllegalArgumentException e) {
                throw new DecodeException(s, e.getMessage(), e);
            }
            String text = fields.get("text");
            if (text == null) {
                throw new DecodeException(s, "A chat message needs a \"text\"");
            }
            return new ChatMessage(fields.getOrDefault("type", ChatMessage.MESSAGE), fields.get("name"), text);
        }

        @Override
        public boolean willDecode(String s) {
            return s != null && !s.isBlank();
        }
    }
}
