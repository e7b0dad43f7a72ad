package dev.wsengine.server;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The platform default configurator that {@code ServerEndpointConfig.Configurator} loads through
 * the ServiceLoader: every origin accepted, the client's first supported subprotocol, the
 * requested extensions that are installed (in the client's order), a new instance per session.
 */
public class DefaultServerConfigurator extends ServerEndpointConfig.Configurator {

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String protocol : requested) {
            if (supported.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> agreed = new ArrayList<>();
        for (Extension wanted : requested) {
            for (Extension have : installed) {
                if (have.getName().equals(wanted.getName())) {
                    agreed.add(wanted);
                    break;
                }
            }
        }
        return agreed;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            InstantiationException failure = new InstantiationException("Cannot instantiate " + endpointClass.getName()
                    + ": an endpoint class needs a public no-argument constructor");
            failure.initCause(e);
            throw failure;
        }
    }
}
