package dev.wsengine.extensions;

import jakarta.websocket.Extension;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Negotiation of permessage-deflate (RFC 7692 section 7.1) for the server and the client side.
 * <p>
 * What we can honour follows from the JDK: {@link java.util.zip.Deflater} always compresses with a
 * 32 KB window (windowBits 15) and cannot be told otherwise, while {@link java.util.zip.Inflater}
 * reads any window up to 15 bits. We accept any window the peer compresses with.
 * <p>
 * Server choices: an offered {@code server_no_context_takeover} is honoured (the answer repeats
 * it, as section 7.1.1.1 requires). An offered {@code client_no_context_takeover} is repeated in
 * the answer (section 7.1.1.2 lets us): the client has already promised not to take over its
 * context, and making it binding lets our inflater drop its zlib state between messages.
 * {@code client_max_window_bits} is never answered: our inflater takes any window, so there is
 * nothing to ask for (section 7.1.2.2 makes answering it optional). An offered
 * {@code server_max_window_bits=N} is accepted and answered with the same N, since section 7.1.2.1
 * accepts such an offer only by answering "the same or smaller value": with N = 15 nothing
 * changes; with N &lt; 15 we keep to the window without a smaller zlib window, by compressing only
 * messages of at most 2<sup>N</sup> bytes, each with a fresh compressor (see
 * {@link DeflateAgreement#largestCompressedMessage()}); longer messages and messages sent in
 * parts go uncompressed, which section 6 allows message by message. We do not answer
 * {@code server_no_context_takeover} for it: starting afresh is our own choice, and the client
 * may keep its window.
 * <p>
 * Client choices: we never agree to compress with a window below 15 bits
 * ({@code client_max_window_bits} &lt; 15 in an answer fails the handshake), since the client
 * compresses messages sent in parts; the server's window is any it answers, up to what we offered.
 * <p>
 * Thread-safe and immutable.
 */
public final class PerMessageDeflate {

    private static final PerMessageDeflate DEFAULTS = new PerMessageDeflate(DeflateConfig.defaults());

    private final DeflateConfig config;

    public PerMessageDeflate(DeflateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static PerMessageDeflate withDefaults() {
        return DEFAULTS;
    }

    public DeflateConfig config() {
        return config;
    }

    /**
     * A parameterless permessage-deflate, for {@code WebSocketContainer.getInstalledExtensions()}
     * and the {@code installed} list handed to {@code Configurator.getNegotiatedExtensions}.
     */
    public static Extension installedExtension() {
        return DeflateParameters.none().toExtension();
    }

    // ---- server side ---------------------------------------------------------------------------

    /**
     * Picks the first of the client's offers we can honour, in the client's order of preference.
     * Extensions with another name are skipped. An empty result means every permessage-deflate
     * offer was declined: the 101 then carries no permessage-deflate and no message is compressed.
     */
    public Optional<DeflateAgreement> negotiate(List<? extends Extension> offers) {
        for (Extension offer : offers) {
            if (!DeflateParameters.isPerMessageDeflate(offer)) {
                continue;
            }
            try {
                return Optional.of(accept(offer));
            } catch (DeflateNegotiationException declined) {
                // RFC 7692 section 5: a declined offer is simply left out; try the next one.
            }
        }
        return Optional.empty();
    }

    /**
     * Accepts one offer or says why not.
     *
     * @throws DeflateNegotiationException when the offer breaks RFC 7692 section 7.1; the message
     *                                     says how
     */
    public DeflateAgreement accept(Extension offer) throws DeflateNegotiationException {
        DeflateParameters offered = DeflateParameters.parseOffer(offer);
        DeflateParameters answer = DeflateParameters.none()
                .withServerNoContextTakeover(offered.serverNoContextTakeover() || config.requireServerNoContextTakeover())
                .withClientNoContextTakeover(offered.clientNoContextTakeover() || config.requireClientNoContextTakeover());
        if (offered.serverMaxWindowBits().isPresent()) {
            // Section 7.1.2.1: accepting means answering with the same or a smaller value. We
            // answer the same: a smaller one would only shrink the messages we may compress.
            answer = answer.withServerMaxWindowBits(offered.serverMaxWindowBits().getAsInt());
        }
        return new DeflateAgreement(false, answer, answer.serverNoContextTakeover(),
                answer.clientNoContextTakeover(), config);
    }

    // ---- client side ---------------------------------------------------------------------------

    /** The parameters of the offer our client makes from the configuration. */
    public DeflateParameters offerParameters() {
        DeflateParameters offer = DeflateParameters.none()
                .withServerNoContextTakeover(config.requireServerNoContextTakeover())
                .withClientNoContextTakeover(config.requireClientNoContextTakeover());
        return config.offerClientMaxWindowBits() ? offer.withClientMaxWindowBitsWithoutValue() : offer;
    }

    /** The offer our client puts in {@code Sec-WebSocket-Extensions}. */
    public Extension offer() {
        return offerParameters().toExtension();
    }

    /**
     * Checks an offer the application asked for (a permessage-deflate in
     * {@code ClientEndpointConfig.getExtensions()}) before we send it.
     *
     * @throws DeflateNegotiationException when it is invalid, or promises a
     *                                     {@code client_max_window_bits} below 15 that the JDK
     *                                     Deflater cannot keep
     */
    public static DeflateParameters checkOwnOffer(Extension requested) throws DeflateNegotiationException {
        DeflateParameters offer = DeflateParameters.parseOffer(requested);
        if (offer.clientMaxWindowBits().isPresent() && offer.clientMaxWindowBits().getAsInt() < DeflateParameters.MAX_WINDOW_BITS) {
            throw new DeflateNegotiationException("cannot offer " + DeflateParameters.CLIENT_MAX_WINDOW_BITS + "="
                    + offer.clientMaxWindowBits().getAsInt() + ": the JDK Deflater always compresses with a 32 KB window (15 bits)");
        }
        return offer;
    }

    /**
     * Validates the server's answer to {@link #offer()}.
     *
     * @throws DeflateNegotiationException when the answer is invalid, carries a parameter we did
     *                                     not offer where the RFC forbids that, or asks us to
     *                                     compress with a window below 15 bits; the client must
     *                                     then fail the connection (RFC 7692 section 7.1)
     */
    public DeflateAgreement acceptAnswer(Extension answer) throws DeflateNegotiationException {
        return acceptAnswer(offerParameters(), answer);
    }

    /**
     * Validates the server's answer to the offer we sent, {@code offered} (from
     * {@link #offerParameters()} or {@link #checkOwnOffer}).
     *
     * @throws DeflateNegotiationException as {@link #acceptAnswer(Extension)}
     */
    public DeflateAgreement acceptAnswer(DeflateParameters offered, Extension answer) throws DeflateNegotiationException {
        DeflateParameters answered = DeflateParameters.parseAnswer(answer);
        if (answered.hasClientMaxWindowBits()) {
            int bits = answered.clientMaxWindowBits().getAsInt();
            if (!offered.hasClientMaxWindowBits()) {
                throw new DeflateNegotiationException("server answered " + DeflateParameters.CLIENT_MAX_WINDOW_BITS + "=" + bits
                        + " but our offer did not include it (RFC 7692 section 7.1.2.2)");
            }
            if (offered.clientMaxWindowBits().isPresent() && bits > offered.clientMaxWindowBits().getAsInt()) {
                throw new DeflateNegotiationException("server answered " + DeflateParameters.CLIENT_MAX_WINDOW_BITS + "=" + bits
                        + ", more than the " + offered.clientMaxWindowBits().getAsInt() + " we offered (RFC 7692 section 7.1.2.2)");
            }
            if (bits < DeflateParameters.MAX_WINDOW_BITS) {
                throw new DeflateNegotiationException("server asks " + DeflateParameters.CLIENT_MAX_WINDOW_BITS + "=" + bits
                        + " but the JDK Deflater always compresses with a 32 KB window (15 bits)");
            }
        }
        if (answered.serverMaxWindowBits().isPresent() && offered.serverMaxWindowBits().isPresent()
                && answered.serverMaxWindowBits().getAsInt() > offered.serverMaxWindowBits().getAsInt()) {
            throw new DeflateNegotiationException("server answered " + DeflateParameters.SERVER_MAX_WINDOW_BITS + "="
                    + answered.serverMaxWindowBits().getAsInt() + ", more than the " + offered.serverMaxWindowBits().getAsInt()
                    + " we offered (RFC 7692 section 7.1.2.1)");
        }
        // Any server window from 8 to 15 bits only shrinks what we inflate: fine. A server that
        // leaves out a server_no_context_takeover or server_max_window_bits we asked for breaks
        // sections 7.1.1.1 and 7.1.2.1, but our inflater copes with a full window and context
        // takeover, so we follow what it answered rather than fail a working connection.
        boolean ownNoContextTakeover = answered.clientNoContextTakeover() || offered.clientNoContextTakeover();
        return new DeflateAgreement(true, answered, ownNoContextTakeover, answered.serverNoContextTakeover(), config);
    }
}
