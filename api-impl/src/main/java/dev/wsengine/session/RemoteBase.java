package dev.wsengine.session;

import dev.wsengine.settings.SendLimits;
import dev.wsengine.framing.Opcode;
import jakarta.websocket.RemoteEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/** What the blocking and the asynchronous remote endpoint share: batching, ping and pong. */
abstract class RemoteBase implements RemoteEndpoint {

    private static final int MAX_CONTROL_PAYLOAD = 125;

    final WsSession session;
    final MessageSender sender;
    private final FrameFlusher flusher;

    RemoteBase(WsSession session, MessageSender sender, FrameFlusher flusher) {
        this.session = session;
        this.sender = sender;
        this.flusher = flusher;
    }

    @Override
    public void setBatchingAllowed(boolean allowed) throws IOException {
        flusher.setBatching(allowed);
    }

    @Override
    public boolean getBatchingAllowed() {
        return flusher.isBatching();
    }

    @Override
    public void flushBatch() throws IOException {
        flusher.flushBatch();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        sendControl(Opcode.PING, applicationData);
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        sendControl(Opcode.PONG, applicationData);
    }

    private void sendControl(int opcode, ByteBuffer data) throws IOException {
        if (data == null) {
            throw new IllegalArgumentException("The application data must not be null");
        }
        if (data.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("Ping and pong data is limited to " + MAX_CONTROL_PAYLOAD
                    + " bytes, got " + data.remaining());
        }
        session.checkCanSend();
        SendFuture done = new SendFuture();
        sender.sendControl(opcode, data, done);
        awaitSend(done);
        data.position(data.limit());
    }

    /**
     * Waits for a blocking send; a peer that stops reading fails the connection rather than the
     * thread: once no write made progress for the session's write timeout ({@link SendLimits}),
     * the send throws {@code SocketTimeoutException} and the peer is closed with 1008. While batching is allowed a send is done once it is queued: the batch goes out with
     * flushBatch(), which a sender blocked here could never call.
     */
    void awaitSend(SendFuture done) throws IOException {
        if (flusher.isBatching() && !done.isDone()) {
            return;
        }
        long timeoutMs = session.writeTimeoutMs();
        while (true) {
            try {
                done.await(timeoutMs);
                return;
            } catch (java.net.SocketTimeoutException e) {
                long stalledMs = flusher.stalledNanos() / 1_000_000;
                if (stalledMs < timeoutMs) {
                    continue; // slow but moving: a big message to a slow reader is not a dead peer
                }
                session.abort(e);
                throw e;
            }
        }
    }

    static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("The " + name + " must not be null");
        }
        return value;
    }
}
