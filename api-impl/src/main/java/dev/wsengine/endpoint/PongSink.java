package dev.wsengine.endpoint;

import jakarta.websocket.PongMessage;

/** Takes pong messages. */
public non-sealed interface PongSink extends MessageSink {

    void onPong(PongMessage pong) throws Exception;
}
