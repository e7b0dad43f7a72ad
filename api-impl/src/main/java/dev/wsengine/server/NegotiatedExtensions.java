package dev.wsengine.server;

import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.handshake.WsExtension;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extensions a 101 announces, once the ones the engine runs itself have been settled.
 * <p>
 * The configurator agrees to extensions by name and hands back the client's offers, parameters
 * and all. For permessage-deflate the engine must then pick one offer it can honour (a client may
 * make several, in its order of preference) and answer it with parameters of its own (RFC 7692
 * section 7.1); offers it cannot honour are left out, and when none is left, so is
 * permessage-deflate. Extensions the engine does not know pass through as agreed.
 *
 * @param extensions what {@code Sec-WebSocket-Extensions} of the 101 lists and
 *                   {@code Session.getNegotiatedExtensions()} reports
 * @param deflate    the agreement the session compresses with, or null
 */
record NegotiatedExtensions(List<Extension> extensions, DeflateAgreement deflate) {

    static NegotiatedExtensions settle(List<Extension> agreed, PerMessageDeflate permessageDeflate) {
        List<Extension> offers = agreed.stream().filter(DeflateParameters::isPerMessageDeflate).toList();
        if (offers.isEmpty()) {
            return new NegotiatedExtensions(agreed, null);
        }
        Optional<DeflateAgreement> deflate = permessageDeflate.negotiate(offers);
        List<Extension> answered = new ArrayList<>(agreed.size());
        boolean deflateAnswered = false;
        for (Extension e : agreed) {
            if (!DeflateParameters.isPerMessageDeflate(e)) {
                answered.add(e);
            } else if (deflate.isPresent() && !deflateAnswered) {
                answered.add(WsExtension.of(deflate.get().extension()));
                deflateAnswered = true;
            }
        }
        return new NegotiatedExtensions(List.copyOf(answered), deflate.orElse(null));
    }
}
