package dev.wsengine.client;

import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateNegotiationException;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import jakarta.websocket.Extension;

import java.util.List;

/**
 * The client's side of permessage-deflate: we offer it only when the application's configuration
 * lists it (the TCK fails clients that add extensions nobody asked for), check such offers before
 * they are sent, and check the server's answer against them (RFC 7692 section 7.1).
 */
final class ClientDeflate {

    private static final PerMessageDeflate DEFLATE = PerMessageDeflate.withDefaults();

    private ClientDeflate() {
    }

    /** @throws DeflateNegotiationException when an offer is invalid or one we could not keep */
    static void checkOffers(List<Extension> offered) throws DeflateNegotiationException {
        for (Extension offer : offered) {
            if (DeflateParameters.isPerMessageDeflate(offer)) {
                PerMessageDeflate.checkOwnOffer(offer);
            }
        }
    }

    /**
     * What the session compresses with, from the server's answer to our offers; null when the
     * server did not agree to permessage-deflate.
     *
     * @throws DeflateNegotiationException when the answer is invalid, repeated, or fits none of
     *                                     our offers; the client must then fail the connection
     */
    static DeflateAgreement settle(List<Extension> offered, List<Extension> answered) throws DeflateNegotiationException {
        List<Extension> answers = answered.stream().filter(DeflateParameters::isPerMessageDeflate).toList();
        if (answers.isEmpty()) {
            return null;
        }
        if (answers.size() > 1) {
            throw new DeflateNegotiationException("the server answered permessage-deflate " + answers.size()
                    + " times; RFC 7692 section 5 allows one");
        }
        DeflateNegotiationException lastRefusal = null;
        for (Extension offer : offered) {
            if (DeflateParameters.isPerMessageDeflate(offer)) {
                try {
                    return DEFLATE.acceptAnswer(PerMessageDeflate.checkOwnOffer(offer), answers.get(0));
                } catch (DeflateNegotiationException refused) {
                    lastRefusal = refused;
                }
            }
        }
        throw lastRefusal != null ? lastRefusal
                : new DeflateNegotiationException("the server answered permessage-deflate, which we did not offer");
    }
}
