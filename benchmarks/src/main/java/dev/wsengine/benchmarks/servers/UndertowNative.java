package dev.wsengine.benchmarks.servers;

import io.undertow.server.DefaultByteBufferPool;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;

/** Undertow 2.3 with its own Jakarta WebSocket implementation ({@code undertow-websockets-jsr}). */
public final class UndertowNative {

    /**
     * Undertow's listener buffers for a heap over 128 MiB (16 KiB, direct): its WebSocket deployment
     * needs a pool of its own and has no default but the client container's.
     */
    private static final int BUFFER_SIZE = 16 * 1024;

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        UndertowServers.start(port, (server, deployment) -> {
            WebSocketDeploymentInfo webSockets = new WebSocketDeploymentInfo()
                    .setWorker(server.getWorker())
                    .setBuffers(new DefaultByteBufferPool(true, BUFFER_SIZE))
                    .addEndpoint(EchoEndpoint.class)
                    .addEndpoint(IdleEndpoint.class)
                    .addEndpoint(StreamEndpoint.class)
                    .addListener(container -> {
                        if (!Launch.IDLE_DEFAULTS) {
                            container.setDefaultMaxSessionIdleTimeout(Launch.IDLE_TIMEOUT_MS);
                        }
                        container.setDefaultMaxBinaryMessageBufferSize(Launch.binaryLimit());
                    });
            deployment.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, webSockets);
        });
        Launch.ready("undertow", port);
        Thread.currentThread().join();
    }
}
