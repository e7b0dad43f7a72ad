package dev.wsengine.bridge;

import dev.wsengine.server.EndpointMatch;
import dev.wsengine.server.HandshakeResult;
import dev.wsengine.server.UpgradeRequest;
import dev.wsengine.server.WsServerContainer;

/** The filter's view of our server container. */
final class ContainerEngine implements UpgradeEngine {

    private final WsServerContainer container;
    private volatile boolean started;

    ContainerEngine(WsServerContainer container) {
        this.container = container;
    }

    /**
     * The first request ends the deployment phase. Doing it here rather than in a context
     * listener leaves every listener and initializer of the application, whatever their order,
     * free to add endpoints while the application starts.
     */
    @Override
    public void requestSeen() {
        if (!started) {
            started = true;
            container.markStarted();
        }
    }

    @Override
    public HandshakeResult handshake(UpgradeRequest request) {
        EndpointMatch match = container.match(request.path());
        return match == null ? null : container.handshake(request, match);
    }
}
