package dev.wsengine.extensions;

import jakarta.websocket.Extension;

import java.util.Objects;

/**
 * The outcome of a successful permessage-deflate negotiation, for one connection: what goes on
 * the wire (the server's answer) and how each direction compresses. The session keeps one and
 * makes its {@link MessageDeflater} and {@link MessageInflater} from it.
 */
public final class DeflateAgreement {

    private final boolean client;
    private final DeflateParameters answer;
    private final boolean ownNoContextTakeover;
    private final boolean peerNoContextTakeover;
    private final DeflateConfig config;

    DeflateAgreement(boolean client, DeflateParameters answer, boolean ownNoContextTakeover,
                     boolean peerNoContextTakeover, DeflateConfig config) {
        this.client = client;
        this.answer = Objects.requireNonNull(answer, "answer");
        this.ownNoContextTakeover = ownNoContextTakeover;
        this.peerNoContextTakeover = peerNoContextTakeover;
        this.config = Objects.requireNonNull(config, "config");
    }

    /** True on the client side of the connection. */
    public boolean isClient() {
        return client;
    }

    /** The server's answer: the parameters in the 101's {@code Sec-WebSocket-Extensions}. */
    public DeflateParameters parameters() {
        return answer;
    }

    /**
     * The answer as an {@link Extension}: the server puts it in its 101 response, and both sides
     * report it from {@code Session.getNegotiatedExtensions()}.
     */
    public Extension extension() {
        return answer.toExtension();
    }

    /** True when our compressor must start every message with an empty window. */
    public boolean ownNoContextTakeover() {
        return ownNoContextTakeover;
    }

    /** True when the peer starts every message with an empty window, so ours may forget it too. */
    public boolean peerNoContextTakeover() {
        return peerNoContextTakeover;
    }

    public DeflateConfig config() {
        return config;
    }

    /** True when an outgoing message of {@code length} bytes should be compressed (RSV1 set). */
    public boolean worthCompressing(long length) {
        return config.worthCompressing(length);
    }

    /** A new compressor for the messages we send; the caller must {@link MessageDeflater#release()} it. */
    public MessageDeflater newDeflater() {
        return new MessageDeflater(ownNoContextTakeover, config.compressionLevel(), config.bufferSize());
    }

    /** A new decompressor for the messages we receive; the caller must {@link MessageInflater#release()} it. */
    public MessageInflater newInflater() {
        return new MessageInflater(peerNoContextTakeover, config.bufferSize());
    }

    @Override
    public String toString() {
        return (client ? "client " : "server ") + answer + " (own context "
                + (ownNoContextTakeover ? "reset" : "kept") + ", peer context "
                + (peerNoContextTakeover ? "reset" : "kept") + ")";
    }
}
