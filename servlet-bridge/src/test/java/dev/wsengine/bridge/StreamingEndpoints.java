package dev.wsengine.bridge;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/** Endpoints that take binary messages as an {@code InputStream}, for {@code StreamingIT}. */
final class StreamingEndpoints {

    /** What the endpoints report, as lines. */
    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
    /** The session of the last {@link Slow} message, for the test to look at what it holds. */
    static volatile Session slowSession;
    /** Opened by the test to let {@link Slow} read. */
    static volatile CountDownLatch slowGate = new CountDownLatch(1);

    private StreamingEndpoints() {
    }

    /** Counts the bytes of each message and its CRC-32 as they arrive; answers "bytes crc peakHeap". */
    @ServerEndpoint("/count")
    public static class Count {
        @OnMessage(maxMessageSize = Integer.MAX_VALUE)
        public String onMessage(InputStream in) throws IOException {
            return count(in) + " " + peakHeapBytes();
        }
    }

    /** Waits for {@link #slowGate} before it reads: a consumer far behind its sender. */
    @ServerEndpoint("/slow")
    public static class Slow {
        @OnMessage(maxMessageSize = Integer.MAX_VALUE)
        public String onMessage(InputStream in, Session session) throws IOException, InterruptedException {
            slowSession = session;
            EVENTS.add("slow started");
            if (!slowGate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return count(in);
        }
    }

    /** The session of the last {@link BigEcho} connection. */
    static volatile Session bigEchoSession;

    /** Echoes binary messages of up to 2 MiB; what it returns is queued, the send queue's high-water mark applies. */
    @ServerEndpoint("/big-echo")
    public static class BigEcho {
        @jakarta.websocket.OnOpen
        public void onOpen(Session session) {
            bigEchoSession = session;
        }

        @OnMessage(maxMessageSize = 2 << 20)
        public java.nio.ByteBuffer onMessage(java.nio.ByteBuffer message) {
            return message;
        }
    }

    /** Reports how its stream ends and every callback, for a connection dropped in the middle of a message. */
    @ServerEndpoint("/drop")
    public static class Drop {
        @OnMessage(maxMessageSize = Integer.MAX_VALUE)
        public void onMessage(InputStream in) throws IOException {
            EVENTS.add("stream started");
            try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                EVENTS.add("stream ended");
            } catch (IOException e) {
                EVENTS.add("stream threw " + e.getClass().getSimpleName());
                throw e;
            }
        }

        @OnError
        public void onError(Throwable error) {
            EVENTS.add("error " + error.getClass().getSimpleName());
        }

        @OnClose
        public void onClose(CloseReason reason) {
            EVENTS.add("close " + reason.getCloseCode().getCode());
        }
    }

    static String count(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            crc.update(buffer, 0, n);
            total += n;
        }
        return total + " " + Long.toHexString(crc.getValue());
    }

    /** The sum of the heap pools' peaks since the JVM started (or their last reset). */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }
}
