package dev.wsengine.session;

import dev.wsengine.endpoint.Encoders;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;

/** The blocking remote endpoint: each send returns once its frames are written. */
final class BasicRemote extends RemoteBase implements RemoteEndpoint.Basic {

    BasicRemote(WsSession session, MessageSender sender, FrameFlusher flusher) {
        super(session, sender, flusher);
    }

    @Override
    public void sendText(String text) throws IOException {
        requireArgument(text, "text");
        session.checkCanSend();
        SendFuture done = new SendFuture();
        sender.sendText(text, done);
        awaitSend(done);
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        requireArgument(data, "data");
        session.checkCanSend();
        SendFuture done = new SendFuture();
        sender.sendBinary(data, done);
        awaitSend(done);
        data.position(data.limit());
    }

    @Override
    public void sendText(String partialMessage, boolean isLast) throws IOException {
        requireArgument(partialMessage, "partial message");
        session.checkCanSend();
        SendFuture done = new SendFuture();
        try {
            sender.sendTextPart(partialMessage, isLast, done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to send");
        }
        awaitSend(done);
    }

    @Override
    public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
        requireArgument(partialByte, "partial message");
        session.checkCanSend();
        SendFuture done = new SendFuture();
        try {
            sender.sendBinaryPart(partialByte, isLast, done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to send");
        }
        awaitSend(done);
        partialByte.position(partialByte.limit());
    }

    @Override
    public OutputStream getSendStream() throws IOException {
        session.checkCanSend();
        return new SendStream(this, session.getMaxBinaryMessageBufferSize());
    }

    @Override
    public Writer getSendWriter() throws IOException {
        session.checkCanSend();
        return new SendWriter(this, session.getMaxTextMessageBufferSize());
    }

    @Override
    public void sendObject(Object data) throws IOException, EncodeException {
        requireArgument(data, "object");
        Encoders.Encoded encoded = session.encoders().encode(data);
        if (encoded.isText()) {
            sendText(encoded.text());
        } else {
            sendBinary(encoded.binary());
        }
    }
}
