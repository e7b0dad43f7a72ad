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
    private final int ownWindowBits;
    private final long largestCompressedMessage;
    private final DeflateConfig config;

    DeflateAgreement(boolean client, DeflateParameters answer, boolean ownNoContextTakeover,
                     boolean peerNoContextTakeover, DeflateConfig config) {
        this.client = client;
        this.answer = Objects.requireNonNull(answer, "answer");
        this.ownNoContextTakeover = ownNoContextTakeover;
        this.peerNoContextTakeover = peerNoContextTakeover;
        this.config = Objects.requireNonNull(config, "config");
        // Our window is the one the answer sets for our direction: server_max_window_bits for the
        // server, client_max_window_bits for the client (RFC 7692 sections 7.1.2.1, 7.1.2.2).
        // The other direction's parameter only limits what the peer sends us.
        this.ownWindowBits = (client ? answer.clientMaxWindowBits() : answer.serverMaxWindowBits())
                .orElse(DeflateParameters.MAX_WINDOW_BITS);
        this.largestCompressedMessage = MessageDeflater.largestMessage(ownWindowBits);
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

    /**
     * The LZ77 window our compressor must keep to, 8 to 15 bits: 15 unless the answer set a
     * smaller {@code *_max_window_bits} for our direction.
     */
    public int ownWindowBits() {
        return ownWindowBits;
    }

    /**
     * The longest outgoing message that may be compressed, in uncompressed bytes: unlimited with a
     * 15-bit window; 2<sup>N</sup> with a window of N &lt; 15 bits, since the JDK's deflater keeps
     * a 32 KB window and only a message no longer than 2<sup>N</sup>, compressed afresh, cannot
     * refer further back than the agreed window.
     */
    public long largestCompressedMessage() {
        return largestCompressedMessage;
    }

    /**
     * True when an outgoing whole message of {@code length} bytes should be compressed (RSV1
     * set): it is at least the configured threshold and fits {@link #largestCompressedMessage()}.
     */
    public boolean worthCompressing(long length) {
        return config.worthCompressing(length) && length <= largestCompressedMessage;
    }

    /** True when a message of {@code length} bytes may be compressed within our window. */
    public boolean fitsWindow(long length) {
        return length <= largestCompressedMessage;
    }

    /**
     * True when a message sent in parts, whose length is unknown when its first frame goes out,
     * may be compressed: only with a full 15-bit window. With a smaller one it might outgrow
     * {@link #largestCompressedMessage()} after its first frame has been sent with RSV1.
     */
    public boolean compressesMessagesOfUnknownLength() {
        return largestCompressedMessage == Long.MAX_VALUE;
    }

    /** A new compressor for the messages we send; the caller must {@link MessageDeflater#release()} it. */
    public MessageDeflater newDeflater() {
        return new MessageDeflater(ownNoContextTakeover, ownWindowBits, config.compressionLevel(), config.bufferSize());
    }

    /** A new decompressor for the messages we receive; the caller must {@link MessageInflater#release()} it. */
    public MessageInflater newInflater() {
        return new MessageInflater(peerNoContextTakeover, config.bufferSize());
    }

    @Override
    public String toString() {
        return (client ? "client " : "server ") + answer + " (own context "
                + (ownNoContextTakeover ? "reset" : "kept") + ", own window " + ownWindowBits + " bits, peer context "
                + (peerNoContextTakeover ? "reset" : "kept") + ")";
    }
}
