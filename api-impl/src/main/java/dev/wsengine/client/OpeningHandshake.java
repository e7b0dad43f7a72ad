package dev.wsengine.client;

import dev.wsengine.extensions.DeflateAgreement;
import dev.wsengine.extensions.DeflateNegotiationException;
import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.handshake.ClientHandshake;
import dev.wsengine.handshake.ExtensionHeader;
import dev.wsengine.handshake.HandshakeFailedException;
import dev.wsengine.handshake.HeaderLookup;
import dev.wsengine.handshake.HeaderNames;
import dev.wsengine.handshake.SubprotocolHeader;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The client's HTTP upgrade exchange over a connected wire: the request (with exactly the
 * subprotocols and extensions the application configured, then whatever its configurator's
 * {@code beforeRequest} makes of the headers), the response head, the configurator's
 * {@code afterResponse} (for every answer, a refusal too: the TCK checks that), and the checks on
 * the answer, made against what was actually sent. Building and checking the headers is
 * {@link ClientHandshake}'s job, shared with the server side; this class drives the exchange and
 * turns every failure into a {@link DeploymentException} that names the URI and the status.
 * Bytes that arrived behind the response head are the first WebSocket bytes.
 */
final class OpeningHandshake {

    /** What the server agreed to (permessage-deflate also as the session's agreement, or null), and the first WebSocket bytes. */
    record Agreed(String subprotocol, List<Extension> extensions, DeflateAgreement deflate, ByteBuffer leftover) {
    }

    private OpeningHandshake() {
    }

    static Agreed perform(Wire wire, Target target, ClientEndpointConfig config, Deadline deadline)
            throws IOException, DeploymentException {
        String key = AcceptKey.newClientKey();
        Map<String, List<String>> headers;
        try {
            headers = ClientHandshake.requestHeaders(target.uri(), key, config.getPreferredSubprotocols(),
                    config.getExtensions());
        } catch (RuntimeException e) {
            throw new DeploymentException("The endpoint's configuration cannot be offered to " + target.uri() + ": "
                    + e.getMessage(), e);
        }
        try {
            config.getConfigurator().beforeRequest(headers);
        } catch (RuntimeException e) {
            throw new DeploymentException("The configurator's beforeRequest failed for " + target.uri() + ": " + e, e);
        }
        String request;
        Offer offer;
        try {
            request = ClientHandshake.formatRequest(target.uri(), headers);
            offer = Offer.of(headers);
            ClientDeflate.checkOffers(offer.extensions());
        } catch (DeflateNegotiationException e) {
            throw new DeploymentException("Cannot offer permessage-deflate to " + target.uri() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeploymentException("Cannot send the handshake to " + target.uri() + ": " + e.getMessage(), e);
        }
        ClientConnector.writeFully(wire, request, deadline);

        ResponseHead response = ResponseHead.read(wire, deadline);
        RuntimeException configuratorFailure = null;
        try {
            HandshakeResponse view = response::headersView;
            config.getConfigurator().afterResponse(view);
        } catch (RuntimeException e) {
            configuratorFailure = e;
        }
        if (response.status != 101) {
            UpgradeFailedException refused = new UpgradeFailedException(response.status, response.headersView(),
                    refusalMessage(target, response), null);
            if (configuratorFailure != null) {
                refused.addSuppressed(configuratorFailure);
            }
            throw refused;
        }
        if (configuratorFailure != null) {
            throw new DeploymentException("The configurator's afterResponse failed for " + target.uri() + ": "
                    + configuratorFailure, configuratorFailure);
        }
        return check(target, response, key, offer);
    }

    private static String refusalMessage(Target target, ResponseHead response) {
        StringBuilder message = new StringBuilder("The server at ").append(target.uri())
                .append(" refused the WebSocket handshake: HTTP status ").append(response.status);
        if (!response.reason.isEmpty()) {
            message.append(' ').append(response.reason);
        }
        List<String> location = response.values("Location");
        if (response.status / 100 == 3 && !location.isEmpty()) {
            message.append(" (redirect to ").append(location.get(0)).append(", which is not followed)");
        }
        return message.toString();
    }

    /**
     * Checks a 101 against what was actually sent: the configurator may have changed the offered
     * subprotocols or extensions, and the server can only agree to what it was offered.
     */
    private static Agreed check(Target target, ResponseHead response, String key, Offer offer)
            throws UpgradeFailedException {
        ClientHandshake.Accepted accepted;
        try {
            accepted = ClientHandshake.validateResponse(response.status, HeaderLookup.of(response.headersView()), key,
                    offer.protocols(), offer.extensions());
        } catch (HandshakeFailedException e) {
            throw invalid(target, response, e.getMessage(), e);
        }
        DeflateAgreement deflate;
        try {
            deflate = ClientDeflate.settle(offer.extensions(), accepted.extensions());
        } catch (DeflateNegotiationException e) {
            throw invalid(target, response, e.getMessage(), e);
        }
        return new Agreed(accepted.subprotocol(), accepted.extensions(), deflate, response.leftover);
    }

    private static UpgradeFailedException invalid(Target target, ResponseHead response, String what, Throwable cause) {
        return new UpgradeFailedException(response.status, response.headersView(), "The server at " + target.uri()
                + " answered HTTP status 101 but the handshake is invalid: " + what, cause);
    }

    /** What the request finally offered, after the configurator had its say. */
    private record Offer(List<String> protocols, List<Extension> extensions) {

        /** @throws IllegalArgumentException when the configurator left a header that does not parse */
        static Offer of(Map<String, List<String>> sent) {
            HeaderLookup headers = HeaderLookup.of(sent);
            try {
                return new Offer(SubprotocolHeader.parse(present(headers.values(HeaderNames.SEC_WEBSOCKET_PROTOCOL))),
                        ExtensionHeader.parse(present(headers.values(HeaderNames.SEC_WEBSOCKET_EXTENSIONS))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the request's own " + HeaderNames.SEC_WEBSOCKET_PROTOCOL + " or "
                        + HeaderNames.SEC_WEBSOCKET_EXTENSIONS + " header is malformed: " + e.getMessage(), e);
            }
        }

        /** The values the request carries: formatRequest leaves out the nulls a configurator may have put in. */
        private static List<String> present(List<String> values) {
            return values.stream().filter(v -> v != null).toList();
        }
    }
}
