package dev.wsengine.samples.slow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Handshakes trickled at one byte a second against any server: when (if at all) it cuts them.
 * {@code TrickleProbe PORT PATH [CONNECTIONS] [SECONDS]}, for a server in another process such as
 * the WAR in a standalone Tomcat; {@code TrickledHandshakesIT} asserts the same on the samples server.
 */
public final class TrickleProbe {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            channels.add(channel);
        }
        long start = System.nanoTime();
        long[] cut = new long[count];
        int answered = 0;
        ByteBuffer in = ByteBuffer.allocate(512);
        for (int second = 0; second < Math.min(seconds, request.length); second++) {
            for (int i = 0; i < count; i++) {
                if (cut[i] != 0) {
                    continue;
                }
                try {
                    channels.get(i).write(ByteBuffer.wrap(request, second, 1));
                    in.clear();
                    int n = channels.get(i).read(in);
                    if (n > 0) {
                        answered++;
                        cut[i] = -1;
                    } else if (n < 0) {
                        cut[i] = (System.nanoTime() - start) / 1_000_000;
                    }
                } catch (IOException reset) {
                    cut[i] = (System.nanoTime() - start) / 1_000_000;
                }
            }
            Thread.sleep(Math.max(0, (second + 1) * 1000L - (System.nanoTime() - start) / 1_000_000));
        }
        int cutCount = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        for (long at : cut) {
            if (at > 0) {
                cutCount++;
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
        }
        System.out.println(count + " handshakes trickled at 1 byte/s for up to " + seconds + " s: " + cutCount
                + " cut" + (cutCount > 0 ? " between " + first + " and " + last + " ms" : "") + ", " + answered
                + " answered, " + (count - cutCount - answered) + " still open");
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }
}
