package dev.wsengine.extensions;

import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.OptionalInt;

import static dev.wsengine.extensions.Headers.extension;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeflateParametersTest {

    @Test
    void parsesEveryParameterOfAnOffer() throws Exception {
        DeflateParameters p = DeflateParameters.parseOffer(extension(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits"));
        assertTrue(p.serverNoContextTakeover());
        assertTrue(p.clientNoContextTakeover());
        assertEquals(OptionalInt.of(10), p.serverMaxWindowBits());
        assertTrue(p.hasClientMaxWindowBits());
        assertEquals(OptionalInt.empty(), p.clientMaxWindowBits());
    }

    @Test
    void plainExtensionHasNoParameters() throws Exception {
        DeflateParameters p = DeflateParameters.parseAnswer(extension("permessage-deflate"));
        assertEquals(DeflateParameters.none(), p);
        assertFalse(p.serverNoContextTakeover());
        assertFalse(p.clientNoContextTakeover());
        assertEquals(OptionalInt.empty(), p.serverMaxWindowBits());
        assertFalse(p.hasClientMaxWindowBits());
    }

    @Test
    void readsClientMaxWindowBitsWithValueInAnswer() throws Exception {
        DeflateParameters p = DeflateParameters.parseAnswer(extension("permessage-deflate; client_max_window_bits=12"));
        assertTrue(p.hasClientMaxWindowBits());
        assertEquals(OptionalInt.of(12), p.clientMaxWindowBits());
    }

    @ParameterizedTest(name = "offer [{0}] rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate; foo                                               | unknown parameter 'foo'",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate parameter 'server_no_context_takeover'",
            "permessage-deflate; client_no_context_takeover; client_no_context_takeover | duplicate parameter 'client_no_context_takeover'",
            "permessage-deflate; server_max_window_bits=10; server_max_window_bits=10 | duplicate parameter 'server_max_window_bits'",
            "permessage-deflate; client_max_window_bits; client_max_window_bits=10 | duplicate parameter 'client_max_window_bits'",
            "permessage-deflate; server_max_window_bits=7                          | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits=16                         | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits=08                         | without leading zeros",
            "permessage-deflate; server_max_window_bits=+9                         | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits=-9                         | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits=abc                        | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits=\"\"                       | integer from 8 to 15",
            "permessage-deflate; client_max_window_bits=1 0                        | integer from 8 to 15",
            "permessage-deflate; client_max_window_bits=0                          | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits                            | server_max_window_bits needs a value",
            "permessage-deflate; server_no_context_takeover=1                      | server_no_context_takeover takes no value",
            "permessage-deflate; client_no_context_takeover=true                   | client_no_context_takeover takes no value",
            "x-webkit-deflate-frame                                                | not a permessage-deflate offer",
    })
    void rejectsInvalidOfferWithReason(String header, String reason) {
        DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                () -> DeflateParameters.parseOffer(extension(header)));
        assertTrue(e.getMessage().contains(reason), () -> "message was: " + e.getMessage());
    }

    @Test
    void rejectsClientMaxWindowBitsWithoutValueInAnswer() {
        DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                () -> DeflateParameters.parseAnswer(extension("permessage-deflate; client_max_window_bits")));
        assertTrue(e.getMessage().contains("client_max_window_bits needs a value"), e::getMessage);
        assertTrue(e.getMessage().contains("answer"), e::getMessage);
    }

    @Test
    void rejectsUnknownParameterInAnswer() {
        DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                () -> DeflateParameters.parseAnswer(extension("permessage-deflate; x_foo=1")));
        assertTrue(e.getMessage().contains("unknown parameter 'x_foo'"), e::getMessage);
    }

    @ParameterizedTest(name = "window bits {0} accepted")
    @CsvSource({"8", "9", "10", "11", "12", "13", "14", "15"})
    void acceptsEveryWindowSizeFrom8To15(int bits) throws Exception {
        DeflateParameters p = DeflateParameters.parseAnswer(extension(
                "permessage-deflate; server_max_window_bits=" + bits + "; client_max_window_bits=" + bits));
        assertEquals(OptionalInt.of(bits), p.serverMaxWindowBits());
        assertEquals(OptionalInt.of(bits), p.clientMaxWindowBits());
    }

    @Test
    void acceptsQuotedStringValue() throws Exception {
        // RFC 6455 section 9.1: a value may be a quoted-string whose content is a token.
        DeflateParameters p = DeflateParameters.parseOffer(extension("permessage-deflate; server_max_window_bits=\"10\""));
        assertEquals(OptionalInt.of(10), p.serverMaxWindowBits());
    }

    @Test
    void comparesNamesCaseInsensitively() throws Exception {
        DeflateParameters p = DeflateParameters.parseOffer(extension("PerMessage-Deflate; Server_No_Context_Takeover"));
        assertTrue(p.serverNoContextTakeover());
    }

    @Test
    void treatsEmptyValueAsNoValue() throws Exception {
        Extension offer = new DeflateExtension("permessage-deflate",
                List.of(new DeflateExtension.Param("client_no_context_takeover", "")));
        assertTrue(DeflateParameters.parseOffer(offer).clientNoContextTakeover());
    }

    @Test
    void writesExtensionInRfcOrderWithNullForNoValue() {
        DeflateParameters p = DeflateParameters.none()
                .withClientMaxWindowBitsWithoutValue()
                .withServerMaxWindowBits(12)
                .withClientNoContextTakeover(true)
                .withServerNoContextTakeover(true);
        Extension e = p.toExtension();
        assertEquals("permessage-deflate", e.getName());
        assertEquals(4, e.getParameters().size());
        assertEquals("server_no_context_takeover", e.getParameters().get(0).getName());
        assertNull(e.getParameters().get(0).getValue());
        assertEquals("server_max_window_bits", e.getParameters().get(2).getName());
        assertEquals("12", e.getParameters().get(2).getValue());
        assertNull(e.getParameters().get(3).getValue());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                + "server_max_window_bits=12; client_max_window_bits", p.toString());
    }

    @Test
    void extensionParsesBackToTheSameParameters() throws Exception {
        DeflateParameters p = DeflateParameters.none().withServerNoContextTakeover(true).withClientMaxWindowBits(9);
        assertEquals(p, DeflateParameters.parseAnswer(p.toExtension()));
        assertEquals(p.hashCode(), DeflateParameters.parseAnswer(p.toExtension()).hashCode());
    }

    @Test
    void refusesToBuildWindowBitsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> DeflateParameters.none().withServerMaxWindowBits(7));
        assertThrows(IllegalArgumentException.class, () -> DeflateParameters.none().withClientMaxWindowBits(16));
    }
}
