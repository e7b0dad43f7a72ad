package dev.wsengine.server;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The platform default {@link ServerEndpointConfig.Configurator}, found by the API through
 * {@code META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator}. Every
 * method is overridden: the API's base class would otherwise forward to the container default,
 * which is this class again.
 */
public class DefaultServerConfigurator extends ServerEndpointConfig.Configurator {

    public DefaultServerConfigurator() {
    }

    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return this;
    }

    /** The first subprotocol in the client's list that the endpoint supports; "" when none. */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (supported == null || requested == null) {
            return "";
        }
        for (String protocol : requested) {
            if (supported.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }

    /** The requested extensions whose name is installed, in the client's order. */
    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        if (installed == null || requested == null || installed.isEmpty()) {
            return new ArrayList<>();
        }
        Set<String> names = new HashSet<>();
        for (Extension e : installed) {
            names.add(e.getName());
        }
        List<Extension> agreed = new ArrayList<>();
        for (Extension e : requested) {
            if (names.contains(e.getName())) {
                agreed.add(e);
            }
        }
        return agreed;
    }

    /**
     * Accepts every origin. RFC 6455 leaves the policy to the server; a browser-facing
     * application that wants to refuse foreign pages overrides this.
     */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        // The default makes no change (specification section 3.1.5).
    }

    /** A new instance per connection through the public no-argument constructor. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw instantiationFailure(endpointClass, "its constructor threw " + e.getCause(), e.getCause());
        } catch (NoSuchMethodException e) {
            throw instantiationFailure(endpointClass, "it has no public no-argument constructor", e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw instantiationFailure(endpointClass, e.toString(), e);
        }
    }

    private static InstantiationException instantiationFailure(Class<?> type, String why, Throwable cause) {
        InstantiationException e = new InstantiationException("Cannot create an instance of " + type.getName()
                + ": " + why);
        e.initCause(cause);
        return e;
    }
}
