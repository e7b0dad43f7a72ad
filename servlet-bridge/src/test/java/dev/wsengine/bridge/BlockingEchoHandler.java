package dev.wsengine.bridge;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;
import dev.wsengine.transport.WriteCallback;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Echoes every byte back and waits, inside {@code onData}, until the echo is written: what an
 * application's blocking send does. On a transport that called {@code onData} on the thread that
 * must also report the write's progress, this would hang. Byte {@code 'Q'} makes it close the
 * connection instead (after echoing what came before it).
 */
final class BlockingEchoHandler implements TransportHandler {

    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    final Queue<String> problems = new ConcurrentLinkedQueue<>();
    final Queue<String> dataThreads = new ConcurrentLinkedQueue<>();
    volatile Throwable closeCause;
    volatile Transport transport;
    private final AtomicBoolean inCall = new AtomicBoolean();

    @Override
    public void onOpen(Transport transport) {
        enter("onOpen");
        this.transport = transport;
        opens.incrementAndGet();
        leave();
    }

    @Override
    public void onData(ByteBuffer data) {
        enter("onData");
        try {
            if (opens.get() != 1) {
                problems.add("onData before onOpen");
            }
            dataThreads.add(Thread.currentThread().getName());
            int quit = -1;
            for (int i = data.position(); i < data.limit(); i++) {
                if (data.get(i) == 'Q') {
                    quit = i;
                    break;
                }
            }
            ByteBuffer echo = ByteBuffer.allocate(data.remaining());
            if (quit >= 0) {
                data.limit(quit);
            }
            echo.put(data).flip();
            data.position(data.limit());
            if (echo.hasRemaining()) {
                writeAndWait(echo);
            }
            if (quit >= 0) {
                transport.close(false);
            }
        } finally {
            leave();
        }
    }

    private void writeAndWait(ByteBuffer echo) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        transport.write(new WriteCallback() {
            @Override
            public void completed() {
                written.complete(null);
            }

            @Override
            public void failed(Throwable cause) {
                written.completeExceptionally(cause);
            }
        }, echo);
        try {
            written.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            problems.add("echo write did not complete: " + e);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        enter("onClosed");
        closeCause = cause;
        closes.incrementAndGet();
        closed.countDown();
        leave();
    }

    private void enter(String call) {
        if (!inCall.compareAndSet(false, true)) {
            problems.add(call + " while another handler call was running");
        }
        if (closes.get() > 0) {
            problems.add(call + " after onClosed");
        }
    }

    private void leave() {
        inCall.set(false);
    }
}
