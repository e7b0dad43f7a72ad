package dev.wsengine.app;

import jakarta.websocket.server.ServerEndpoint;

/** An application endpoint outside the engine's packages, for the shaded-jar case of the deployer. */
@ServerEndpoint("/outside")
public class OutsideEndpoint {
}
