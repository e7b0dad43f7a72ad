package dev.wsengine.samples;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/** Sends every whole text and binary message back unchanged; messages up to 16 MiB. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    public static final int MAX_MESSAGE = 16 * 1024 * 1024;

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public String text(String message) {
        return message;
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }
}
