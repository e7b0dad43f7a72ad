package dev.wsengine.session;

import dev.wsengine.endpoint.Encoders;
import dev.wsengine.transport.WriteCallback;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The asynchronous remote endpoint. Sends are queued behind each other (never refused as busy);
 * completion is reported through a {@code Future} or a {@code SendHandler}, the latter always on
 * the session's executor so that application code never runs on a transport's I/O thread.
 */
final class AsyncRemote extends RemoteBase implements RemoteEndpoint.Async {

    private volatile long sendTimeoutMs;

    AsyncRemote(WsSession session, MessageSender sender, FrameFlusher flusher, long sendTimeoutMs) {
        super(session, sender, flusher);
        this.sendTimeoutMs = sendTimeoutMs;
    }

    @Override
    public long getSendTimeout() {
        return sendTimeoutMs;
    }

    @Override
    public void setSendTimeout(long timeoutmillis) {
        this.sendTimeoutMs = timeoutmillis;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        requireArgument(text, "text");
        requireArgument(handler, "send handler");
        send(callbackFor(handler, null), cb -> sender.sendText(text, cb));
    }

    @Override
    public Future<Void> sendText(String text) {
        requireArgument(text, "text");
        SendFuture future = new SendFuture();
        send(timed(future, null), cb -> sender.sendText(text, cb));
        return future;
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        requireArgument(data, "data");
        SendFuture future = new SendFuture();
        send(timed(future, data), cb -> sender.sendBinary(data, cb));
        return future;
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        requireArgument(data, "data");
        requireArgument(handler, "send handler");
        send(callbackFor(handler, data), cb -> sender.sendBinary(data, cb));
    }

    @Override
    public Future<Void> sendObject(Object data) {
        requireArgument(data, "object");
        SendFuture future = new SendFuture();
        try {
            Encoders.Encoded encoded = session.encoders().encode(data);
            send(timed(future, null), cb -> sendEncoded(encoded, cb));
        } catch (EncodeException e) {
            future.failed(e);
        }
        return future;
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        requireArgument(data, "object");
        requireArgument(handler, "send handler");
        try {
            Encoders.Encoded encoded = session.encoders().encode(data);
            send(callbackFor(handler, null), cb -> sendEncoded(encoded, cb));
        } catch (EncodeException e) {
            session.executor().execute(() -> handler.onResult(new SendResult(e)));
        }
    }

    private void sendEncoded(Encoders.Encoded encoded, WriteCallback callback) {
        if (encoded.isText()) {
            sender.sendText(encoded.text(), callback);
        } else {
            sender.sendBinary(encoded.binary(), callback);
        }
    }

    /** Starts a send, or fails its callback at once when the session can no longer send. */
    private void send(WriteCallback callback, Consumer<WriteCallback> start) {
        try {
            session.checkCanSend();
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        start.accept(callback);
    }

    private WriteCallback callbackFor(SendHandler handler, ByteBuffer consumed) {
        return timed(new WriteCallback() {
            @Override
            public void completed() {
                session.executor().execute(() -> handler.onResult(new SendResult()));
            }

            @Override
            public void failed(Throwable cause) {
                session.executor().execute(() -> handler.onResult(new SendResult(cause)));
            }
        }, consumed);
    }

    /**
     * Adds the send timeout to a callback, and moves a sent buffer's position to its limit as the
     * API promises. A send that times out fails the connection: its frame may be half written, so
     * nothing sent after it could be trusted to arrive whole.
     */
    private WriteCallback timed(WriteCallback target, ByteBuffer consumed) {
        AtomicBoolean done = new AtomicBoolean();
        long timeout = sendTimeoutMs;
        ScheduledFuture<?> timer = timeout > 0 ? session.scheduler().schedule(() -> {
            if (done.compareAndSet(false, true)) {
                SocketTimeoutException e = new SocketTimeoutException(
                        "Asynchronous send not completed within the send timeout of " + timeout + " ms");
                target.failed(e);
                session.abort(e);
            }
        }, timeout, TimeUnit.MILLISECONDS) : null;
        return new WriteCallback() {
            @Override
            public void completed() {
                if (done.compareAndSet(false, true)) {
                    cancel(timer);
                    if (consumed != null) {
                        consumed.position(consumed.limit());
                    }
                    target.completed();
                }
            }

            @Override
            public void failed(Throwable cause) {
                if (done.compareAndSet(false, true)) {
                    cancel(timer);
                    target.failed(cause);
                }
            }
        };
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
