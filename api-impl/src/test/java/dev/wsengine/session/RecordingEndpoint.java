package dev.wsengine.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An endpoint that writes down every callback as a line, for tests to read in order. */
class RecordingEndpoint extends Endpoint {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    volatile Session session;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        events.add("open");
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        events.add("close " + closeReason.getCloseCode().getCode() + " " + closeReason.getReasonPhrase());
    }

    @Override
    public void onError(Session session, Throwable thr) {
        events.add("error " + thr.getClass().getSimpleName());
    }

    String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("No endpoint event within 5 s");
        }
        return e;
    }
}
