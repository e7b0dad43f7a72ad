package dev.wsengine.endpoint;

import jakarta.websocket.EncodeException;

import java.io.IOException;

/**
 * Implemented by the session: sends what an {@code @OnMessage} method returned without blocking
 * the thread that delivered the message (queued, with the session's back-pressure), where a plain
 * {@code Session} would need a blocking {@code getBasicRemote()} send.
 */
public interface ReplySender {

    /**
     * Queues {@code value} (String, ByteBuffer, byte[] or anything the session's encoders take).
     * {@code ownedByUs}: the value is the very buffer or array the engine delivered (a fresh copy
     * per message), so it need not be copied again; otherwise a returned buffer or array is copied,
     * since its owner may reuse it once the method has returned.
     */
    void sendReply(Object value, boolean ownedByUs) throws IOException, EncodeException;
}
