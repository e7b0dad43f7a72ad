package dev.wsengine.endpoint;

import dev.wsengine.framing.ProtocolViolation;
import dev.wsengine.endpoint.Codecs.Point;
import dev.wsengine.endpoint.Fixtures.Recorder;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** Lifecycle callbacks, return values, errors and inheritance of annotated endpoints. */
public class AnnotatedEndpointLifecycleTest {

    private final EndpointConfig config = Codecs.config();

    private record Opened(FakeSession fake, AnnotatedEndpoint endpoint, Object instance) {
    }

    private Opened open(Class<?> type, Map<String, String> path) throws Exception {
        EndpointModel model = EndpointModel.of(type, List.of());
        Object instance = model.newInstance();
        FakeSession fake = new FakeSession(path, Decoders.create(List.of(), config));
        AnnotatedEndpoint endpoint = new AnnotatedEndpoint(model, instance);
        endpoint.onOpen(fake.session, config);
        return new Opened(fake, endpoint, instance);
    }

    @ServerEndpoint("/{id}")
    public static class Lifecycle extends Recorder {
        @OnOpen
        public void opened(EndpointConfig config, @PathParam("id") long id, Session session) {
            session.getId(); // lets the test see the sinks were registered before this call
            record("open", config, id, session);
        }

        @OnMessage
        public void message(String text) {
            record("message", text);
        }

        @OnClose
        public void closed(CloseReason reason, Session session, @PathParam("id") String id) {
            record("close", reason, session, id);
        }

        @OnError
        public void failed(Session session, Throwable error, @PathParam("id") Integer id) {
            record("error", session, error, id);
        }
    }

    @Test
    void opensAfterRegisteringSinksThenClosesAndReportsErrorsWithTheirParameters() throws Exception {
        Opened opened = open(Lifecycle.class, Map.of("id", "77"));
        Session session = opened.fake().session;
        InOrder order = inOrder(session);
        order.verify((SinkRegistry) session).register(any(TextSink.class));
        order.verify(session).getId();

        CloseReason reason = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "bye");
        opened.endpoint().onClose(session, reason);
        IllegalStateException error = new IllegalStateException("boom");
        opened.endpoint().onError(session, error);

        assertEquals(List.of(
                List.of("open", config, 77L, session),
                List.of("close", reason, session, "77"),
                List.of("error", session, error, 77)), ((Recorder) opened.instance()).calls);
        assertSame(opened.instance(), opened.endpoint().getInstance());
    }

    @ServerEndpoint("/x")
    public static class FailingOpen extends Recorder {
        @OnOpen
        public void opened() {
            throw new IllegalArgumentException("open failed");
        }

        @OnClose
        public void closed() {
            throw new IllegalStateException("close failed");
        }

        @OnError
        public void failed(Throwable error) {
            record("error", error.getMessage());
        }
    }

    @Test
    void exceptionsFromOnOpenAndOnCloseGoToOnError() throws Exception {
        Opened opened = open(FailingOpen.class, Map.of());
        opened.endpoint().onClose(opened.fake().session, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        assertEquals(List.of(List.of("error", "open failed"), List.of("error", "close failed")),
                ((Recorder) opened.instance()).calls);
    }

    @ServerEndpoint("/{n}")
    public static class BadPathOnOpen extends Recorder {
        @OnOpen
        public void opened(@PathParam("n") int n) {
            record("open", n);
        }

        @OnError
        public void failed(Throwable error) {
            record("error", error.getClass());
        }
    }

    @Test
    void pathParameterThatDoesNotConvertOnOpenIsADecodeExceptionForOnError() throws Exception {
        Opened opened = open(BadPathOnOpen.class, Map.of("n", "x1"));
        assertEquals(List.of(List.of("error", DecodeException.class)), ((Recorder) opened.instance()).calls);
    }

    @ServerEndpoint("/x")
    public static class NoOnError {
        @OnOpen
        public void opened() {
            throw new IllegalStateException("nobody listens");
        }
    }

    @Test
    void withoutOnErrorTheErrorIsLoggedNotSwallowed() throws Exception {
        List<LogRecord> records = logsOf(() -> open(NoOnError.class, Map.of()));
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("nobody listens", records.get(0).getThrown().getMessage());
        assertTrue(records.get(0).getMessage().contains(NoOnError.class.getName()), records.get(0).getMessage());
    }

    /** Any client can break the protocol: that is one line for whoever looks, not a stack trace per client. */
    @Test
    void withoutOnErrorAClientsProtocolViolationIsOneDebugLine() throws Exception {
        Opened opened = open(Lifecycle.class, Map.of("id", "1"));
        List<LogRecord> records = logsOf(() -> new AnnotatedEndpoint(EndpointModel.of(NoOnError.class, List.of()), new NoOnError())
                .onError(opened.fake().session, ProtocolViolation.badPayload("Invalid UTF-8 in text")));
        assertEquals(1, records.size());
        assertEquals(Level.FINE, records.get(0).getLevel());
        assertEquals(null, records.get(0).getThrown());
        assertTrue(records.get(0).getMessage().contains("1007"), records.get(0).getMessage());
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What AnnotatedEndpoint logs, at every level, while {@code action} runs; kept out of the build output. */
    private static List<LogRecord> logsOf(Action action) throws Exception {
        Logger logger = Logger.getLogger(AnnotatedEndpoint.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean useParent = logger.getUseParentHandlers();
        Level level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
            logger.setUseParentHandlers(useParent);
        }
        return records;
    }

    // ------------------------------------------------------------ return values

    @ServerEndpoint("/echo")
    public static class Replies {
        @OnMessage
        public Object message(String text) {
            return switch (text) {
                case "string" -> "a string";
                case "int" -> 42;
                case "buffer" -> ByteBuffer.wrap(new byte[] {1, 2});
                case "point" -> new Point(1, 2);
                default -> null;
            };
        }

        @OnMessage
        public byte[] binary(byte[] bytes) {
            return new byte[] {bytes[0], bytes[0]};
        }
    }

    @ServerEndpoint("/echo")
    public static class PrimitiveReply {
        @OnMessage
        public int length(String text) {
            return text.length();
        }
    }

    @ServerEndpoint("/echo")
    public static class VoidReply {
        @OnMessage
        public void message(String text) {
        }
    }

    @Test
    void returnValuesAreSentBack() throws Exception {
        Opened opened = open(Replies.class, Map.of());
        TextSink text = opened.fake().text();
        text.onText("string", true);
        text.onText("int", true);
        text.onText("buffer", true);
        text.onText("point", true);
        text.onText("nothing", true);
        opened.fake().binary().onBinary(ByteBuffer.wrap(new byte[] {7}), true);

        InOrder order = inOrder(opened.fake().basic);
        order.verify(opened.fake().basic).sendText("a string");
        order.verify(opened.fake().basic).sendObject(42);
        order.verify(opened.fake().basic).sendBinary(ByteBuffer.wrap(new byte[] {1, 2}));
        order.verify(opened.fake().basic).sendObject(new Point(1, 2));
        order.verify(opened.fake().basic).sendBinary(ByteBuffer.wrap(new byte[] {7, 7}));
        order.verifyNoMoreInteractions();
    }

    @Test
    void primitiveReturnValueGoesThroughTheEncodersAndVoidSendsNothing() throws Exception {
        Opened primitive = open(PrimitiveReply.class, Map.of());
        primitive.fake().text().onText("four", true);
        verify(primitive.fake().basic).sendObject(4);

        Opened nothing = open(VoidReply.class, Map.of());
        nothing.fake().text().onText("x", true);
        verifyNoInteractions(nothing.fake().basic);
    }

    // ------------------------------------------------------------ inheritance (spec section 4.8)

    public static class Base extends Recorder {
        @OnMessage
        public void text(String text) {
            record("base text", text);
        }

        @OnOpen
        public void opened() {
            record("base open");
        }
    }

    @ServerEndpoint("/inherits")
    public static class InheritsAnnotatedMethods extends Base {
    }

    @ServerEndpoint("/overrides")
    public static class OverridesWithoutAnnotation extends Base {
        @Override
        public void text(String text) {
            record("override text", text);
        }

        @Override
        public void opened() {
            record("override open");
        }
    }

    @ServerEndpoint("/reannotates")
    public static class OverridesWithAnnotation extends Base {
        @OnMessage
        @Override
        public void text(String text) {
            record("annotated override", text);
        }
    }

    @Test
    void inheritedAnnotatedMethodsAreCallbacks() throws Exception {
        Opened opened = open(InheritsAnnotatedMethods.class, Map.of());
        opened.fake().text().onText("a", true);
        assertEquals(List.of(List.of("base open"), List.of("base text", "a")), ((Recorder) opened.instance()).calls);
    }

    @Test
    void overridesWithoutAnnotationAreNotCallbacks() throws Exception {
        Opened opened = open(OverridesWithoutAnnotation.class, Map.of());
        assertTrue(opened.fake().registered.isEmpty(), "no sink for an unannotated override");
        assertTrue(((Recorder) opened.instance()).calls.isEmpty(), "no @OnOpen for an unannotated override");
    }

    @Test
    void annotatedOverrideIsTheCallbackAndTheSuperMethodIsNot() throws Exception {
        Opened opened = open(OverridesWithAnnotation.class, Map.of());
        opened.fake().text().onText("b", true);
        assertEquals(List.of(List.of("base open"), List.of("annotated override", "b")),
                ((Recorder) opened.instance()).calls);
    }

    // ------------------------------------------------------------ registration failure

    @ServerEndpoint("/x")
    public static class DecodedWithErrorHandler extends Recorder {
        @OnMessage
        public void message(Point point) {
        }

        @OnOpen
        public void opened() {
            record("open");
        }

        @OnError
        public void failed(Throwable error) {
            record("error", error.getClass());
        }
    }

    @Test
    void sessionWithoutTheDeclaredDecoderReportsTheProblemToOnErrorAndSkipsOnOpen() throws Exception {
        EndpointModel model = EndpointModel.of(DecodedWithErrorHandler.class, Arrays.asList(Codecs.PointTextDecoder.class));
        Object instance = model.newInstance();
        FakeSession fake = new FakeSession(Map.of(), Decoders.create(List.of(), config)); // config lost its decoders
        new AnnotatedEndpoint(model, instance).onOpen(fake.session, config);
        assertEquals(List.of(List.of("error", IllegalStateException.class)), ((Recorder) instance).calls);
        verify((SinkRegistry) fake.session, never()).register(any());
        assertInstanceOf(Recorder.class, instance);
    }
}
