package dev.wsengine.benchmarks.servers;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * The streaming endpoint every server runs: reads a binary message through an {@code InputStream},
 * counts its bytes and their CRC-32, and answers with one text message {@code "count crc"} (the CRC
 * in lower-case hex), so the client can tell every byte arrived without the server keeping any.
 */
@ServerEndpoint("/stream")
public class StreamEndpoint {

    /**
     * 100 MiB, the streaming figure's message. Enough on every server under test without touching
     * its container-wide default: Tomcat 11 grows the session's binary buffer, doubling, up to this.
     */
    public static final int MAX_MESSAGE = 100 << 20;

    @OnMessage(maxMessageSize = MAX_MESSAGE)
    public void binary(Session session, InputStream message) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        CRC32 crc = new CRC32();
        long count = 0;
        int n;
        while ((n = message.read(chunk)) >= 0) {
            crc.update(chunk, 0, n);
            count += n;
        }
        session.getBasicRemote().sendText(count + " " + Long.toHexString(crc.getValue()));
    }
}
