package dev.wsengine.endpoint;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

/** A mocked session that is also a {@link SinkRegistry}, keeping what is registered on it. */
final class FakeSession {

    final Session session = mock(Session.class, withSettings().extraInterfaces(SinkRegistry.class));
    final RemoteEndpoint.Basic basic = mock(RemoteEndpoint.Basic.class);
    final List<MessageSink> registered = new ArrayList<>();

    FakeSession(Map<String, String> pathParameters, Decoders decoders) {
        SinkRegistry registry = (SinkRegistry) session;
        doAnswer(call -> registered.add(call.getArgument(0))).when(registry).register(any());
        when(registry.decoders()).thenReturn(decoders);
        when(session.getPathParameters()).thenReturn(pathParameters);
        when(session.getBasicRemote()).thenReturn(basic);
    }

    TextSink text() {
        return only(TextSink.class);
    }

    BinarySink binary() {
        return only(BinarySink.class);
    }

    PongSink pong() {
        return only(PongSink.class);
    }

    private <T extends MessageSink> T only(Class<T> kind) {
        T found = null;
        for (MessageSink sink : registered) {
            if (kind.isInstance(sink)) {
                if (found != null) {
                    throw new AssertionError("two " + kind.getSimpleName() + "s registered");
                }
                found = kind.cast(sink);
            }
        }
        if (found == null) {
            throw new AssertionError("no " + kind.getSimpleName() + " registered; registered: " + registered);
        }
        return found;
    }
}
