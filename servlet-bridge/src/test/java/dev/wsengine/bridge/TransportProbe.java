package dev.wsengine.bridge;

import dev.wsengine.session.WsSession;
import dev.wsengine.transport.Transport;
import jakarta.websocket.Session;

import java.lang.reflect.Field;

/**
 * What a server session's transport holds, for tests: the bridge keeps its transports internal,
 * so the session's private field is read here rather than widening the engine's API for tests.
 */
final class TransportProbe {

    private TransportProbe() {
    }

    static Transport transport(Session session) {
        try {
            Field field = WsSession.class.getDeclaredField("transport");
            field.setAccessible(true);
            return (Transport) field.get(session);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("WsSession.transport moved; update TransportProbe", e);
        }
    }

    /** The portable transport's queued bytes; 0 for Jetty's, which reads into one buffer at a time. */
    static long backlogBytes(Session session) {
        return transport(session) instanceof ServletTransport t ? t.backlogBytes() : 0;
    }

    /** How often the portable transport paused reading; -1 for Jetty's. */
    static long pauses(Session session) {
        return transport(session) instanceof ServletTransport t ? t.pauses() : -1;
    }
}
