package dev.wsengine.server;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class PerSessionConfigTest {

    public static class E extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    @Test
    void startsWithAShallowCopyAndNeverLeaksBack() {
        Object shared = new Object();
        ServerEndpointConfig deployed = ServerEndpointConfig.Builder.create(E.class, "/e")
                .subprotocols(List.of("chat")).build();
        deployed.getUserProperties().put("shared", shared);

        PerSessionConfig first = new PerSessionConfig(deployed);
        PerSessionConfig second = new PerSessionConfig(deployed);
        assertSame(shared, first.getUserProperties().get("shared"));

        first.getUserProperties().put("user", "alice");
        first.getUserProperties().put("nullable", null);
        first.getUserProperties().remove("shared");
        assertNull(second.getUserProperties().get("user"));
        assertSame(shared, second.getUserProperties().get("shared"));
        assertFalse(deployed.getUserProperties().containsKey("user"));
        assertSame(shared, deployed.getUserProperties().get("shared"));
    }

    @Test
    void delegatesEverythingElse() {
        ServerEndpointConfig deployed = ServerEndpointConfig.Builder.create(E.class, "/e")
                .subprotocols(List.of("chat")).build();
        PerSessionConfig copy = new PerSessionConfig(deployed);
        assertEquals(E.class, copy.getEndpointClass());
        assertEquals("/e", copy.getPath());
        assertEquals(List.of("chat"), copy.getSubprotocols());
        assertSame(deployed.getConfigurator(), copy.getConfigurator());
        assertEquals(deployed.getEncoders(), copy.getEncoders());
        assertEquals(deployed.getDecoders(), copy.getDecoders());
        assertSame(deployed, copy.deployed());
    }
}
