package dev.wsengine.benchmarks.servers;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The one echo endpoint every server under test runs: whole text and binary messages, sent back with the basic remote. */
@ServerEndpoint("/echo")
public class EchoEndpoint {

    @OnMessage
    public void text(Session session, String message) throws IOException {
        session.getBasicRemote().sendText(message);
    }

    @OnMessage
    public void binary(Session session, ByteBuffer message) throws IOException {
        session.getBasicRemote().sendBinary(message);
    }
}
