package dev.wsengine.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/** What {@code ContainerProvider.getWebSocketContainer()} finds through the ServiceLoader. */
public final class WsContainerProvider extends ContainerProvider {

    @Override
    protected WebSocketContainer getContainer() {
        return new WsClientContainer();
    }
}
