package dev.wsengine.benchmarks.servers;

import java.util.HashMap;
import java.util.Map;
import org.glassfish.tyrus.server.Server;

/** Tyrus 2.2 on its Grizzly server container. */
public final class TyrusGrizzly {

    public static void main(String[] args) throws Exception {
        int port = Launch.port(args);
        Map<String, Object> properties = new HashMap<>();
        if (Launch.MESSAGE_LIMIT != null) {
            // Tyrus buffers a whole frame before decoding it (4 MiB by default); its message buffers default to unlimited.
            properties.put("org.glassfish.tyrus.incomingBufferSize", Launch.MESSAGE_LIMIT + 14);
        }
        Server server = new Server(Launch.HOST, port, "/", properties, EchoEndpoint.class, IdleEndpoint.class,
                StreamEndpoint.class);
        server.start();
        Launch.ready("tyrus", port);
        Thread.currentThread().join();
    }
}
