package dev.wsengine.samples.chat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.List;

/**
 * A chat room per path: {@code /chat/lobby?name=ann}. Everyone in a room gets its messages and
 * its join and leave notices, and nobody outside it does. With a broker ({@link ChatRooms#useBroker})
 * a room spans every instance that shares it.
 */
@ServerEndpoint(value = "/chat/{room}",
        encoders = ChatMessageCodec.Encode.class, decoders = ChatMessageCodec.Decode.class)
public class ChatEndpoint {

    private static final int MAX_NAME = 32;

    @OnOpen
    public void join(Session session, @PathParam("room") String room) throws IOException {
        String name = nameOf(session);
        if (name.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "Add ?name=... to join a room"));
            return;
        }
        session.getUserProperties().put("name", name);
        ChatRooms.join(room, session);
        ChatRooms.publish(room, ChatMessage.notice(ChatMessage.JOIN, name));
    }

    @OnMessage
    public void message(Session session, @PathParam("room") String room, ChatMessage message) {
        ChatRooms.publish(room, ChatMessage.message((String) session.getUserProperties().get("name"), message.text()));
    }

    @OnClose
    public void leave(Session session, @PathParam("room") String room) {
        if (ChatRooms.leave(room, session)) {
            ChatRooms.publish(room, ChatMessage.notice(ChatMessage.LEAVE, (String) session.getUserProperties().get("name")));
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        // A message that is not chat JSON: tell its sender only, and keep the room going.
        if (session.isOpen()) {
            session.getAsyncRemote().sendObject(ChatMessage.notice("error", String.valueOf(error.getMessage())));
        }
    }

    private static String nameOf(Session session) {
        List<String> names = session.getRequestParameterMap().get("name");
        String name = names == null || names.isEmpty() ? "" : names.get(0).strip();
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** For tests: how many members the room has now. */
    static int members(String room) {
        return ChatRooms.members(room);
    }
}
