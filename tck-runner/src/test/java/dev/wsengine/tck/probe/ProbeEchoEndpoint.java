package dev.wsengine.tck.probe;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Packaged into a test WAR: the container must deploy it through our bridge. */
@ServerEndpoint("/echo")
public class ProbeEchoEndpoint {

    @OnMessage
    public String echo(String message) {
        return "echo: " + message;
    }
}
