package dev.wsengine.bridge;

import dev.wsengine.transport.Transport;
import dev.wsengine.transport.TransportHandler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Records the calls a transport makes, in order, with the thread each ran on. */
class RecordingHandler implements TransportHandler {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile Transport transport;
    volatile Throwable closeCause;

    @Override
    public void onOpen(Transport transport) {
        this.transport = transport;
        record("open");
    }

    @Override
    public void onData(ByteBuffer buffer) {
        record("data");
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        synchronized (data) {
            data.write(bytes, 0, bytes.length);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        closeCause = cause;
        record("closed");
        closed.countDown();
    }

    private void record(String call) {
        calls.add(call);
        threads.add(Thread.currentThread().getName());
    }

    String text() {
        synchronized (data) {
            return data.toString(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    void awaitClosed() throws InterruptedException {
        if (!closed.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("onClosed was not called; calls so far: " + calls);
        }
    }
}
