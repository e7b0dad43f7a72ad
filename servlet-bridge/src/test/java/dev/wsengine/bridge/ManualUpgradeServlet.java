package dev.wsengine.bridge;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.Map;

/** A front controller that upgrades requests itself with {@code ServerContainer.upgradeHttpToWebSocket}. */
public class ManualUpgradeServlet extends HttpServlet {

    /** A programmatic endpoint that answers every text with "manual: " and the text. */
    public static class ManualEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText("manual: " + text + " " + session.getPathParameters());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServerContainer container = (ServerContainer) getServletContext().getAttribute(ServerContainer.class.getName());
        try {
            container.upgradeHttpToWebSocket(req, resp,
                    ServerEndpointConfig.Builder.create(ManualEcho.class, "/manual").build(), Map.of("who", "servlet"));
        } catch (DeploymentException e) {
            throw new IOException(e);
        }
    }
}
