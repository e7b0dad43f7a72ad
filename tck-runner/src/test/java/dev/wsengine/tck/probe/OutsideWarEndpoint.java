package dev.wsengine.tck.probe;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** Only on the test classpath, like the TCK's endpoints: no web application may deploy it. */
@ServerEndpoint("/outside")
public class OutsideWarEndpoint {

    @OnMessage
    public String echo(String message) {
        return "outside: " + message;
    }
}
