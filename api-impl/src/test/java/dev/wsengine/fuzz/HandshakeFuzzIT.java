package dev.wsengine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsengine.extensions.DeflateNegotiationException;
import dev.wsengine.extensions.DeflateParameters;
import dev.wsengine.extensions.PerMessageDeflate;
import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.handshake.ExtensionHeader;
import dev.wsengine.handshake.HandshakeException;
import dev.wsengine.handshake.HeaderLookup;
import dev.wsengine.handshake.HeaderNames;
import dev.wsengine.handshake.HttpTokens;
import dev.wsengine.handshake.ServerRequestValidator;
import dev.wsengine.handshake.SubprotocolHeader;
import dev.wsengine.handshake.UpgradeValidation;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the server's handshake request checks: {@link ServerRequestValidator#validate} with
 * arbitrary method, HTTP version and header lines (each header either what a browser sends or
 * arbitrary text, so that the fuzzer gets past the early checks), then what the server does next
 * with a valid request's offers: the permessage-deflate negotiation. Properties: an answer, never an
 * exception; a refusal is 400 or 426 and carries {@code Sec-WebSocket-Version: 13}; a valid request
 * has a well-formed key, token subprotocols, and extensions that survive format-then-parse; the
 * deflate negotiation accepts or says why not ({@link DeflateNegotiationException}), nothing else.
 */
class HandshakeFuzzIT {

    private static final String[] NAMES = {
        HeaderNames.UPGRADE, HeaderNames.CONNECTION, HeaderNames.SEC_WEBSOCKET_VERSION,
        HeaderNames.SEC_WEBSOCKET_KEY, HeaderNames.SEC_WEBSOCKET_PROTOCOL,
        HeaderNames.SEC_WEBSOCKET_EXTENSIONS, HeaderNames.ORIGIN,
    };
    private static final String[] USUAL = {
        "websocket", "keep-alive, Upgrade", "13", "dGhlIHNhbXBsZSBub25jZQ==", "chat, superchat",
        "permessage-deflate; client_max_window_bits", "https://example.test",
    };

    @FuzzTest(maxDuration = "12s")
    void validatesAnyRequest(FuzzedDataProvider data) {
        String method = data.consumeBoolean() ? "GET" : data.consumeString(12);
        String protocol = data.consumeBoolean() ? "HTTP/1.1" : data.consumeString(16);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            int lines = data.consumeInt(0, 2);
            List<String> values = new ArrayList<>();
            for (int l = 0; l < lines; l++) {
                values.add(data.consumeBoolean() ? USUAL[i] : data.consumeString(120));
            }
            if (!values.isEmpty()) {
                String name = data.consumeBoolean() ? NAMES[i].toLowerCase(Locale.ROOT) : NAMES[i];
                headers.put(name, values);
            }
        }

        UpgradeValidation result = ServerRequestValidator.validate(method, protocol, HeaderLookup.of(headers));
        assertNotNull(result);
        if (result instanceof UpgradeValidation.Refused refused) {
            assertTrue(refused.status() == 400 || refused.status() == 426, "status " + refused.status());
            assertEquals(List.of(HeaderNames.VERSION_13), refused.headers().get(HeaderNames.SEC_WEBSOCKET_VERSION));
            assertNotNull(refused.message());
        } else if (result instanceof UpgradeValidation.Valid valid) {
            assertTrue(AcceptKey.isWellFormed(valid.key()), valid.key());
            assertEquals(28, valid.acceptKey().length(), "a base64 SHA-1");
            for (String subprotocol : valid.subprotocols()) {
                assertTrue(HttpTokens.isToken(subprotocol), "subprotocol '" + subprotocol + "'");
            }
            checkExtensions(valid.extensions());
        }
        // The parsers on their own, with lines the validator may never get to.
        List<String> raw = List.of(data.consumeString(200));
        try {
            checkExtensions(ExtensionHeader.parse(raw));
        } catch (HandshakeException e) {
            assertEquals(400, e.status(), e.getMessage());
        }
        try {
            SubprotocolHeader.parse(raw).forEach(p -> assertTrue(HttpTokens.isToken(p), "subprotocol '" + p + "'"));
        } catch (HandshakeException e) {
            assertEquals(400, e.status(), e.getMessage());
        }
    }

    private static void checkExtensions(List<Extension> extensions) {
        if (extensions.isEmpty()) {
            return;
        }
        List<Extension> again = ExtensionHeader.parse(ExtensionHeader.format(extensions));
        assertEquals(describe(extensions), describe(again), "extensions after format then parse");
        for (Extension offer : extensions) {
            assertTrue(HttpTokens.isToken(offer.getName()), "extension name '" + offer.getName() + "'");
            if (DeflateParameters.isPerMessageDeflate(offer)) {
                try {
                    assertNotNull(PerMessageDeflate.withDefaults().accept(offer).extension());
                } catch (DeflateNegotiationException refused) {
                    assertNotNull(refused.getMessage());
                } catch (RuntimeException e) {
                    fail("negotiating " + offer + " threw", e);
                }
            }
        }
    }

    private static List<String> describe(List<Extension> extensions) {
        List<String> out = new ArrayList<>();
        for (Extension e : extensions) {
            StringBuilder sb = new StringBuilder(e.getName());
            for (Extension.Parameter p : e.getParameters()) {
                sb.append(';').append(p.getName()).append('=').append(p.getValue());
            }
            out.add(sb.toString());
        }
        return out;
    }
}
