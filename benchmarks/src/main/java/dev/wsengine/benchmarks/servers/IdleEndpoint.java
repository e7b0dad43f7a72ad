package dev.wsengine.benchmarks.servers;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** The one idle endpoint every server runs: open connections that never get a message, for the per-connection memory figures. */
@ServerEndpoint("/idle")
public class IdleEndpoint {

    @OnMessage
    public void text(String message) {
        // Never called by the harness: a text handler is declared so every server sets up its usual reading state.
    }
}
