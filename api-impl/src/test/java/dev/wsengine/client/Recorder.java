package dev.wsengine.client;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A programmatic endpoint that writes down what happens to it, one event a line. */
final class Recorder extends Endpoint {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> events.add("text " + text));
        session.addMessageHandler(ByteBuffer.class,
                (MessageHandler.Whole<ByteBuffer>) data -> events.add("binary " + data.remaining()));
        events.add("open");
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        events.add("close " + reason.getCloseCode().getCode());
    }

    @Override
    public void onError(Session session, Throwable thr) {
        events.add("error " + thr);
    }

    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("No event within 10 s");
        }
        return e;
    }
}
