package dev.wsengine.endpoint;

import dev.wsengine.framing.ProtocolViolation;
import dev.wsengine.logging.PeerFaults;
import dev.wsengine.logging.RateLimitedLog;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * Drives one instance of an annotated endpoint class: registers its {@code @OnMessage} methods
 * as the session's sinks and calls its lifecycle methods. Values returned by {@code @OnMessage}
 * methods are sent back to the peer.
 */
public final class AnnotatedEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(AnnotatedEndpoint.class.getName());
    /** Application errors nobody handles: each endpoint class's bug can repeat once per message. */
    private static final RateLimitedLog UNHANDLED = new RateLimitedLog(LOG, System.Logger.Level.WARNING);
    private static final RateLimitedLog ON_ERROR_THREW = new RateLimitedLog(LOG, System.Logger.Level.WARNING);

    private final EndpointModel model;
    private final Object instance;

    public AnnotatedEndpoint(EndpointModel model, Object instance) {
        this.model = model;
        this.instance = instance;
    }

    public Object getInstance() {
        return instance;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        SinkRegistry registry = (SinkRegistry) session;
        try {
            for (EndpointModel.MessageMethod method : model.messageMethods()) {
                registry.register(sinkFor(method, session, registry.decoders()));
            }
            if (model.onOpen() != null) {
                model.onOpen().invoke(instance, session, config, null, null, null, true);
            }
        } catch (Throwable t) {
            onError(session, t);
        }
    }

    private MessageSink sinkFor(EndpointModel.MessageMethod method, Session session, Decoders decoders) {
        Sinks.Target target = (message, last) -> {
            Object result;
            try {
                result = method.method().invoke(instance, session, null, null, null, message, last);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (result != null) {
                reply(session, result, result == message);
            }
        };
        Class<?> type = EndpointModel.boxed(method.type());
        Decoders.Kind kind = decoders == null ? null : decoders.kindFor(type);
        MessageSink sink = Sinks.forType(type, method.partial(), kind, decoders, target, null,
                method.maxMessageSize());
        if (sink == null) {
            throw new IllegalStateException("No way to deliver " + method.type().getName() + " to "
                    + method.method().describe());
        }
        return sink;
    }

    /**
     * Sends a returned value back. On our sessions it is queued, not written while the delivery
     * thread waits: a peer that does not read its replies must not hold a thread (the session
     * stops reading from it instead). Other sessions get the blocking send the specification names.
     */
    private static void reply(Session session, Object result, boolean deliveredByUs) throws Exception {
        if (session instanceof ReplySender sender) {
            sender.sendReply(result, deliveredByUs);
        } else if (result instanceof String text) {
            session.getBasicRemote().sendText(text);
        } else if (result instanceof ByteBuffer bytes) {
            session.getBasicRemote().sendBinary(bytes);
        } else if (result instanceof byte[] bytes) {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes));
        } else {
            session.getBasicRemote().sendObject(result);
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (model.onClose() == null) {
            return;
        }
        try {
            model.onClose().invoke(instance, session, null, closeReason, null, null, true);
        } catch (Throwable t) {
            onError(session, t);
        }
    }

    @Override
    public void onError(Session session, Throwable thr) {
        if (model.onError() == null) {
            if (PeerFaults.causedByPeer(thr)) {
                // Any client can send bad frames, reset or stop reading: a line an operator may
                // look for, never a stack trace per client that fills the log.
                LOG.log(System.Logger.Level.DEBUG, () -> "Session " + session.getId() + " of "
                        + model.type().getName() + " failed" + closeCodeOf(thr) + ": " + thr);
            } else {
                UNHANDLED.log(() -> "Unhandled error in " + model.type().getName()
                        + " (it has no @OnError method)", thr);
            }
            return;
        }
        try {
            model.onError().invoke(instance, session, null, null, thr, null, true);
        } catch (Throwable t) {
            t.addSuppressed(thr);
            ON_ERROR_THREW.log(() -> "@OnError of " + model.type().getName() + " threw", t);
        }
    }

    private static String closeCodeOf(Throwable failure) {
        return failure instanceof ProtocolViolation violation ? ", close code " + violation.closeCode() : "";
    }
}
