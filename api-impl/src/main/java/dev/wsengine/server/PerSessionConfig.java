package dev.wsengine.server;

import dev.wsengine.session.UserProperties;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * The configuration one connection sees: the deployed {@link ServerEndpointConfig} with its own
 * shallow copy of the user properties (specification section 3.1.5), so what one handshake or
 * session stores there never reaches another. Everything else is the deployed configuration's.
 */
final class PerSessionConfig implements ServerEndpointConfig, UserProperties.Source {

    private static final VarHandle USER_PROPERTIES;

    static {
        try {
            USER_PROPERTIES = MethodHandles.lookup().findVarHandle(PerSessionConfig.class, "userProperties", Map.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ServerEndpointConfig deployed;
    /** Null until asked for when the deployed configuration has no properties ({@link UserProperties}). */
    private volatile Map<String, Object> userProperties;

    PerSessionConfig(ServerEndpointConfig deployed) {
        this.deployed = deployed;
        this.userProperties = UserProperties.copyOrNull(deployed.getUserProperties());
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
        return UserProperties.get(USER_PROPERTIES, this);
    }

    @Override
    public Map<String, Object> userPropertiesIfMade() {
        return userProperties;
    }

    @Override
    public String toString() {
        return "PerSessionConfig[" + deployed.getPath() + ", " + deployed.getEndpointClass().getName() + "]";
    }
}
