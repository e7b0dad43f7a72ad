package dev.wsengine.server;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotatedServerConfigTest {

    public static class Upper implements Encoder.Text<StringBuilder> {
        @Override
        public String encode(StringBuilder object) throws EncodeException {
            return object.toString().toUpperCase();
        }
    }

    public static class Sb implements Decoder.Text<StringBuilder> {
        @Override
        public StringBuilder decode(String s) throws DecodeException {
            return new StringBuilder(s);
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    public static class Custom extends ServerEndpointConfig.Configurator {
    }

    @ServerEndpoint(value = "/rooms/{room}", subprotocols = {"chat", "superchat"}, encoders = Upper.class,
            decoders = Sb.class, configurator = Custom.class)
    public static class Full {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    @ServerEndpoint("/plain")
    public static class Plain {
        @OnMessage
        public String echo(String s) {
            return s;
        }
    }

    public static class NotAnnotated {
    }

    public static class BrokenConfigurator extends ServerEndpointConfig.Configurator {
        public BrokenConfigurator() {
            throw new IllegalStateException("nope");
        }
    }

    @ServerEndpoint(value = "/broken", configurator = BrokenConfigurator.class)
    public static class WithBrokenConfigurator {
    }

    @ServerEndpoint("relative")
    public static class RelativePath {
    }

    @Test
    void buildsTheConfigFromTheAnnotation() throws DeploymentException {
        ServerEndpointConfig config = AnnotatedServerConfig.of(Full.class);
        assertEquals(Full.class, config.getEndpointClass());
        assertEquals("/rooms/{room}", config.getPath());
        assertEquals(List.of("chat", "superchat"), config.getSubprotocols());
        assertEquals(List.of(Upper.class), config.getEncoders());
        assertEquals(List.of(Sb.class), config.getDecoders());
        assertInstanceOf(Custom.class, config.getConfigurator());
        assertTrue(config.getExtensions().isEmpty());
    }

    @Test
    void usesTheDefaultConfiguratorWhenNoneIsNamed() throws DeploymentException {
        assertInstanceOf(DefaultServerConfigurator.class, AnnotatedServerConfig.of(Plain.class).getConfigurator());
    }

    @Test
    void createsOneConfiguratorPerLogicalEndpoint() throws DeploymentException {
        assertNotSame(AnnotatedServerConfig.of(Full.class).getConfigurator(),
                AnnotatedServerConfig.of(Full.class).getConfigurator());
    }

    @Test
    void refusesAClassWithoutTheAnnotationNamingIt() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> AnnotatedServerConfig.of(NotAnnotated.class));
        assertTrue(e.getMessage().contains(NotAnnotated.class.getName()), e.getMessage());
    }

    @Test
    void refusesAConfiguratorThatCannotBeCreatedNamingBothClasses() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> AnnotatedServerConfig.of(WithBrokenConfigurator.class));
        assertTrue(e.getMessage().contains(BrokenConfigurator.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(WithBrokenConfigurator.class.getName()), e.getMessage());
    }

    @Test
    void refusesARelativePathNamingTheClass() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> AnnotatedServerConfig.of(RelativePath.class));
        assertTrue(e.getMessage().contains(RelativePath.class.getName()) && e.getMessage().contains("relative"),
                e.getMessage());
    }
}
