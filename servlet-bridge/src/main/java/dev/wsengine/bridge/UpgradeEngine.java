package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import dev.wsengine.server.UpgradeRequest;

/** What the filter asks of the server container. */
interface UpgradeEngine {

    /** Called on every request the filter sees: the application is serving, deployment is over. */
    void requestSeen();

    /**
     * The answer to an upgrade request, or null when no endpoint is mapped at its path and the
     * request is not ours.
     */
    HandshakeResult handshake(UpgradeRequest request);
}
