package dev.wsengine.it.modular;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Answers every text message with the same text. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public String echo(String text) {
        return text;
    }
}
