package dev.wsengine.server;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration one connection sees: the deployed {@link ServerEndpointConfig} with its own
 * shallow copy of the user properties (specification section 3.1.5), so what one handshake or
 * session stores there never reaches another. Everything else is the deployed configuration's.
 */
final class PerSessionConfig implements ServerEndpointConfig {

    private final ServerEndpointConfig deployed;
    private final Map<String, Object> userProperties;

    PerSessionConfig(ServerEndpointConfig deployed) {
        this.deployed = deployed;
        // Not a ConcurrentHashMap: it refuses null values, which applications may store.
        this.userProperties = Collections.synchronizedMap(snapshot(deployed.getUserProperties()));
    }

    private static Map<String, Object> snapshot(Map<String, Object> properties) {
        if (properties == null) {
            return new HashMap<>();
        }
        // Holding the map's monitor makes the copy safe against a synchronizedMap being changed meanwhile.
        synchronized (properties) {
            return new HashMap<>(properties);
        }
    }

    /** The configuration this copy was made from. */
    ServerEndpointConfig deployed() {
        return deployed;
    }

    @Override
    public Class<?> getEndpointClass() {
        return deployed.getEndpointClass();
    }

    @Override
    public String getPath() {
        return deployed.getPath();
    }

    @Override
    public List<String> getSubprotocols() {
        return deployed.getSubprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return deployed.getExtensions();
    }

    @Override
    public Configurator getConfigurator() {
        return deployed.getConfigurator();
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return deployed.getEncoders();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return deployed.getDecoders();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public String toString() {
        return "PerSessionConfig[" + deployed.getPath() + ", " + deployed.getEndpointClass().getName() + "]";
    }
}
