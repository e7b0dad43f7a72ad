package dev.wsengine.server;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's own view of its endpoint's configuration: everything shared, except the user
 * properties, which start as a copy so that what one handshake or session stores there does not
 * leak into the next.
 */
final class PerSessionConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig shared;
    private final Map<String, Object> userProperties;

    PerSessionConfig(ServerEndpointConfig shared) {
        this.shared = shared;
        this.userProperties = new ConcurrentHashMap<>(shared.getUserProperties());
    }

    @Override
    public Class<?> getEndpointClass() {
        return shared.getEndpointClass();
    }

    @Override
    public String getPath() {
        return shared.getPath();
    }

    @Override
    public List<String> getSubprotocols() {
        return shared.getSubprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return shared.getExtensions();
    }

    @Override
    public Configurator getConfigurator() {
        return shared.getConfigurator();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return shared.getEncoders();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return shared.getDecoders();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }
}
