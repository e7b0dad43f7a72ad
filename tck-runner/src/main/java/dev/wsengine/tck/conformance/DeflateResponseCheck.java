package dev.wsengine.tck.conformance;

import java.util.List;
import java.util.Set;

/**
 * Checks a server's Sec-WebSocket-Extensions response against the permessage-deflate offers the
 * client made (RFC 7692 section 7.1): which offer it accepted, or why the response is invalid.
 */
public final class DeflateResponseCheck {

    /** What the response says: declined (no permessage-deflate), accepted offer n, or invalid. */
    public record Result(boolean declined, int acceptedOffer, DeflateOffer response, String problem) {

        public boolean valid() {
            return problem == null;
        }

        static Result declinedResult() {
            return new Result(true, -1, null, null);
        }

        static Result invalid(String problem) {
            return new Result(false, -1, null, problem);
        }
    }

    private static final Set<String> KNOWN = Set.of(DeflateOffer.SERVER_NO_CONTEXT, DeflateOffer.CLIENT_NO_CONTEXT,
            DeflateOffer.SERVER_BITS, DeflateOffer.CLIENT_BITS);

    private DeflateResponseCheck() {
    }

    public static Result check(List<DeflateOffer> offers, List<String> responseLines) {
        List<DeflateOffer> elements = DeflateOffer.parseAll(responseLines);
        if (elements.isEmpty()) {
            return Result.declinedResult();
        }
        if (elements.size() > 1) {
            return Result.invalid("the response names " + elements.size() + " extensions " + elements
                    + " where one permessage-deflate was offered");
        }
        DeflateOffer response = elements.get(0);
        if (!response.name().equals(DeflateOffer.NAME)) {
            return Result.invalid("the response names extension '" + response.name() + "', which was not offered");
        }
        if (!response.duplicates().isEmpty()) {
            return Result.invalid("parameters repeated in the response: " + response.duplicates());
        }
        for (var param : response.params().entrySet()) {
            String name = param.getKey();
            if (!KNOWN.contains(name)) {
                return Result.invalid("unknown parameter '" + name + "' in the response");
            }
            boolean flag = name.equals(DeflateOffer.SERVER_NO_CONTEXT) || name.equals(DeflateOffer.CLIENT_NO_CONTEXT);
            if (flag && param.getValue() != null) {
                return Result.invalid("parameter '" + name + "' has a value (" + param.getValue() + ")");
            }
            if (!flag && response.bits(name) <= 0) {
                return Result.invalid("parameter '" + name + "' needs a value 8..15, not " + param.getValue());
            }
        }
        for (int i = 0; i < offers.size(); i++) {
            if (answers(offers.get(i), response)) {
                return new Result(false, i, response, null);
            }
        }
        return Result.invalid("'" + response + "' is a valid answer to none of the offers " + offers);
    }

    /** Whether {@code response} accepts {@code offer}, RFC 7692 sections 7.1.1 and 7.1.2. */
    static boolean answers(DeflateOffer offer, DeflateOffer response) {
        for (String param : offer.params().keySet()) {
            if (!KNOWN.contains(param)) {
                return false;
            }
        }
        if (!offer.duplicates().isEmpty()) {
            return false;
        }
        if (offer.has(DeflateOffer.SERVER_NO_CONTEXT) && !response.has(DeflateOffer.SERVER_NO_CONTEXT)) {
            return false;
        }
        if (offer.has(DeflateOffer.SERVER_BITS)) {
            int offered = offer.bits(DeflateOffer.SERVER_BITS);
            int answered = response.bits(DeflateOffer.SERVER_BITS);
            if (offered <= 0 || answered < 0 || answered > offered) {
                return false;
            }
        }
        if (response.has(DeflateOffer.CLIENT_BITS)) {
            if (!offer.has(DeflateOffer.CLIENT_BITS)) {
                return false;
            }
            int offered = offer.bits(DeflateOffer.CLIENT_BITS);
            if (offered == 0 || (offered > 0 && response.bits(DeflateOffer.CLIENT_BITS) > offered)) {
                return false;
            }
        }
        return true;
    }
}
