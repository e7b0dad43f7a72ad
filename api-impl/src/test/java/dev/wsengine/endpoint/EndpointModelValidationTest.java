package dev.wsengine.endpoint;

import dev.wsengine.endpoint.Codecs.Point;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shape the spec forbids is refused at deployment with a message naming class and method. */
public class EndpointModelValidationTest {

    private static final List<Class<? extends Decoder>> TEXT_POINT = List.of(Codecs.PointTextDecoder.class);
    private static final List<Class<? extends Decoder>> NONE = List.of();

    // ------------------------------------------------------------ invalid endpoints

    @ServerEndpoint("/x")
    public static class TwoTextHandlers {
        @OnMessage
        public void first(String text) {
        }

        @OnMessage
        public void second(Reader text) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoTextHandlersOneDecoded {
        @OnMessage
        public void plain(String text) {
        }

        @OnMessage
        public void decoded(Point point) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoTextHandlersOnePrimitive {
        @OnMessage
        public void plain(String text) {
        }

        @OnMessage
        public void number(int n) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoBinaryHandlers {
        @OnMessage
        public void first(ByteBuffer bytes) {
        }

        @OnMessage
        public void second(byte[] bytes, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoPongHandlers {
        @OnMessage
        public void first(PongMessage pong) {
        }

        @OnMessage
        public void second(PongMessage pong, Session session) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoOnOpen {
        @OnOpen
        public void first() {
        }

        @OnOpen
        public void second(Session session) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoOnClose {
        @OnClose
        public void first() {
        }

        @OnClose
        public void second(CloseReason reason) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoOnError {
        @OnError
        public void first(Throwable t) {
        }

        @OnError
        public void second(Throwable t, Session session) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnOpenWithUnannotatedString {
        @OnOpen
        public void opened(String name) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnOpenWithCloseReason {
        @OnOpen
        public void opened(CloseReason reason) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnCloseWithEndpointConfig {
        @OnClose
        public void closed(EndpointConfig config) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnCloseWithThrowable {
        @OnClose
        public void closed(Throwable t) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnErrorWithoutThrowable {
        @OnError
        public void failed(Session session) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnErrorWithTwoThrowables {
        @OnError
        public void failed(Throwable a, Throwable b) {
        }
    }

    @ServerEndpoint("/x")
    public static class OnErrorWithException {
        @OnError
        public void failed(Exception e) {
        }
    }

    @ServerEndpoint("/{p}")
    public static class PathParamOfObjectType {
        @OnOpen
        public void opened(@PathParam("p") Object p) {
        }
    }

    @ServerEndpoint("/{p}")
    public static class PathParamOfListTypeOnMessage {
        @OnMessage
        public void message(String text, @PathParam("p") List<String> p) {
        }
    }

    @ServerEndpoint("/x")
    public static class UndecodableMessage {
        @OnMessage
        public void message(Point point) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialReader {
        @OnMessage
        public void message(Reader reader, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialInt {
        @OnMessage
        public void message(int n, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialInputStream {
        @OnMessage
        public void message(InputStream in, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialPong {
        @OnMessage
        public void message(PongMessage pong, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class PartialDecoded {
        @OnMessage
        public void message(Point point, boolean last) {
        }
    }

    @ServerEndpoint("/x")
    public static class TwoMessageParameters {
        @OnMessage
        public void message(String a, String b) {
        }
    }

    @ServerEndpoint("/x")
    public static class NoMessageParameter {
        @OnMessage
        public void message(Session session) {
        }
    }

    @ServerEndpoint("/x")
    public static class ThreeMessageParameters {
        @OnMessage
        public void message(String a, boolean last, boolean more) {
        }
    }

    @ServerEndpoint("/x")
    public static class TooLargeMaxMessageSize {
        @OnMessage(maxMessageSize = Integer.MAX_VALUE + 1L)
        public void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public static class NegativeMaxMessageSize {
        @OnMessage(maxMessageSize = -2)
        public void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public static class PackagePrivateCallback {
        @OnMessage
        void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public static class PrivateOnOpen {
        @OnOpen
        private void opened() {
        }
    }

    static Stream<Arguments> invalidEndpoints() {
        return Stream.of(
                invalid(TwoTextHandlers.class, NONE, "first", "text"),
                invalid(TwoTextHandlersOneDecoded.class, TEXT_POINT, "decoded", "text"),
                invalid(TwoTextHandlersOnePrimitive.class, NONE, "number", "text"),
                invalid(TwoBinaryHandlers.class, NONE, "second", "binary"),
                invalid(TwoPongHandlers.class, NONE, "second", "pong"),
                invalid(TwoOnOpen.class, NONE, "second", "@OnOpen"),
                invalid(TwoOnClose.class, NONE, "second", "@OnClose"),
                invalid(TwoOnError.class, NONE, "second", "@OnError"),
                invalid(OnOpenWithUnannotatedString.class, NONE, "opened", "java.lang.String"),
                invalid(OnOpenWithCloseReason.class, NONE, "opened", "CloseReason"),
                invalid(OnCloseWithEndpointConfig.class, NONE, "closed", "EndpointConfig"),
                invalid(OnCloseWithThrowable.class, NONE, "closed", "Throwable"),
                invalid(OnErrorWithoutThrowable.class, NONE, "failed", "Throwable"),
                invalid(OnErrorWithTwoThrowables.class, NONE, "failed", "Throwable"),
                invalid(OnErrorWithException.class, NONE, "failed", "java.lang.Exception"),
                invalid(PathParamOfObjectType.class, NONE, "opened", "@PathParam(\"p\")"),
                invalid(PathParamOfListTypeOnMessage.class, NONE, "message", "java.util.List"),
                invalid(UndecodableMessage.class, NONE, "message", "decoder"),
                invalid(UndecodableMessage.class, List.of(Codecs.CharSequenceDecoder.class), "message", "decoder"),
                invalid(PartialReader.class, NONE, "message", "java.io.Reader"),
                invalid(PartialInt.class, NONE, "message", "partial"),
                invalid(PartialInputStream.class, NONE, "message", "partial"),
                invalid(PartialPong.class, NONE, "message", "partial"),
                invalid(PartialDecoded.class, TEXT_POINT, "message", "partial"),
                invalid(TwoMessageParameters.class, NONE, "message", "message parameter"),
                invalid(NoMessageParameter.class, NONE, "message", "no message parameter"),
                invalid(ThreeMessageParameters.class, NONE, "message", "message parameter"),
                invalid(TooLargeMaxMessageSize.class, NONE, "message", "maxMessageSize"),
                invalid(NegativeMaxMessageSize.class, NONE, "message", "maxMessageSize"),
                invalid(PackagePrivateCallback.class, NONE, "message", "not public"),
                invalid(PrivateOnOpen.class, NONE, "opened", "not public"));
    }

    private static Arguments invalid(Class<?> endpoint, List<Class<? extends Decoder>> decoders, String method,
                                     String fragment) {
        return Arguments.of(endpoint.getSimpleName(), endpoint, decoders, method, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidEndpoints")
    void refusesInvalidShapeNamingClassAndMethod(String name, Class<?> endpoint, List<Class<? extends Decoder>> decoders,
                                                 String method, String fragment) {
        DeploymentException e = assertThrows(DeploymentException.class, () -> EndpointModel.of(endpoint, decoders));
        String message = e.getMessage();
        assertTrue(message.contains(endpoint.getName()), () -> "class not named: " + message);
        assertTrue(message.contains(method), () -> "method " + method + " not named: " + message);
        assertTrue(message.contains(fragment), () -> "'" + fragment + "' missing: " + message);
    }

    // ------------------------------------------------------------ class-level problems

    @ServerEndpoint("/x")
    static class PackagePrivateEndpoint {
        @OnMessage
        public void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public static class NoDefaultConstructor {
        public NoDefaultConstructor(String name) {
        }

        @OnMessage
        public void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public abstract static class AbstractEndpoint {
        @OnMessage
        public void message(String text) {
        }
    }

    @ServerEndpoint("/x")
    public class InnerEndpoint {
        @OnMessage
        public void message(String text) {
        }
    }

    @Test
    void refusesNonPublicClassSayingSo() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> EndpointModel.of(PackagePrivateEndpoint.class, NONE));
        assertTrue(e.getMessage().contains(PackagePrivateEndpoint.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("must be public"), e.getMessage());
    }

    @Test
    void modelOfClassWithoutNoArgConstructorIsValidButCannotInstantiate() throws DeploymentException {
        EndpointModel model = EndpointModel.of(NoDefaultConstructor.class, NONE);
        DeploymentException e = assertThrows(DeploymentException.class, model::requirePublicNoArgConstructor);
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("no public no-argument constructor"), e.getMessage());
        DeploymentException fromNew = assertThrows(DeploymentException.class, model::newInstance);
        assertTrue(fromNew.getMessage().contains("no public no-argument constructor"), fromNew.getMessage());
    }

    @Test
    void abstractAndInnerClassesCannotBeInstantiatedAndSaySo() throws DeploymentException {
        DeploymentException abstractOne = assertThrows(DeploymentException.class,
                () -> EndpointModel.of(AbstractEndpoint.class, NONE).newInstance());
        assertTrue(abstractOne.getMessage().contains("abstract"), abstractOne.getMessage());
        DeploymentException inner = assertThrows(DeploymentException.class,
                () -> EndpointModel.of(InnerEndpoint.class, NONE).newInstance());
        assertTrue(inner.getMessage().contains("inner class"), inner.getMessage());
    }

    public static class NotReallyADecoder implements Decoder {
    }

    public static class DecoderWithoutDefaultConstructor extends Codecs.PointTextDecoder {
        public DecoderWithoutDefaultConstructor(int unused) {
        }
    }

    @Test
    void refusesDecodersThatCannotBeUsedNamingEndpointAndDecoder() {
        DeploymentException notDecoder = assertThrows(DeploymentException.class,
                () -> EndpointModel.of(UndecodableMessage.class, List.of(NotReallyADecoder.class)));
        assertTrue(notDecoder.getMessage().contains(NotReallyADecoder.class.getName()), notDecoder.getMessage());
        assertTrue(notDecoder.getMessage().contains(UndecodableMessage.class.getName()), notDecoder.getMessage());

        DeploymentException noConstructor = assertThrows(DeploymentException.class,
                () -> EndpointModel.of(UndecodableMessage.class, List.of(DecoderWithoutDefaultConstructor.class)));
        assertTrue(noConstructor.getMessage().contains("no public no-argument constructor"), noConstructor.getMessage());
        assertTrue(noConstructor.getMessage().contains(UndecodableMessage.class.getName()), noConstructor.getMessage());
    }

    // ------------------------------------------------------------ path parameters against the template

    @ServerEndpoint("/rooms/{room}")
    public static class UsesRoomAndUser {
        @OnOpen
        public void opened(@PathParam("room") String room) {
        }

        @OnMessage
        public void message(String text, @PathParam("user") int user) {
        }
    }

    @Test
    void pathParameterMissingFromTemplateIsRefusedNamingIt() throws DeploymentException {
        EndpointModel model = EndpointModel.of(UsesRoomAndUser.class, NONE);
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> model.checkPathParameters(Set.of("room")));
        assertTrue(e.getMessage().contains("\"user\""), e.getMessage());
        assertTrue(e.getMessage().contains(UsesRoomAndUser.class.getName() + ".message"), e.getMessage());
        assertDoesNotThrow(() -> model.checkPathParameters(Set.of("room", "user")));
    }

    @Test
    void aStringPathParameterMissingFromTheTemplateIsAllowedAndGetsNull() throws DeploymentException {
        EndpointModel model = EndpointModel.of(UsesRoomAndUser.class, NONE);
        assertDoesNotThrow(() -> model.checkPathParameters(Set.of("user")), "spec 4.3: an unmatched String gets null");
    }
}
