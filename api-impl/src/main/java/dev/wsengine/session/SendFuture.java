package dev.wsengine.session;

import dev.wsengine.transport.WriteCallback;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A send's completion as a {@code Future}: for blocking sends and the Future forms of async sends. */
final class SendFuture extends CompletableFuture<Void> implements WriteCallback {

    @Override
    public void completed() {
        complete(null);
    }

    @Override
    public void failed(Throwable cause) {
        completeExceptionally(cause);
    }

    /** Blocks until the frame is written; a failure comes back as the IOException a blocking send throws. */
    void await(long timeoutMs) throws IOException {
        try {
            get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("Send failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("Send not completed within " + timeoutMs + " ms: the peer is not reading");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while sending");
        }
    }
}
