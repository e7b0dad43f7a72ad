package dev.wsengine.session;

import jakarta.websocket.PongMessage;

import java.nio.ByteBuffer;

/** A received Pong, holding its own copy of the application data. */
record Pong(ByteBuffer data) implements PongMessage {

    static Pong copyOf(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        return new Pong(copy);
    }

    @Override
    public ByteBuffer getApplicationData() {
        return data.asReadOnlyBuffer();
    }
}
