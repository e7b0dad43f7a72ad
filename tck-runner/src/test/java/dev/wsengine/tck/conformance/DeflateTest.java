package dev.wsengine.tck.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeflateTest {

    /** offer | response | accepted offer index (-1 declined, -2 invalid). Offers are separated by '/'. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate | permessage-deflate | 0",
            "permessage-deflate | '' | -1",
            "permessage-deflate; server_no_context_takeover | permessage-deflate | -2",
            "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover | 0",
            "permessage-deflate | permessage-deflate; client_no_context_takeover | 0",
            "permessage-deflate | permessage-deflate; server_max_window_bits=12 | 0",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=12 | -2",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10 | 0",
            "permessage-deflate | permessage-deflate; client_max_window_bits=15 | -2",
            "permessage-deflate; client_max_window_bits | permessage-deflate; client_max_window_bits=9 | 0",
            "permessage-deflate; client_max_window_bits=9 | permessage-deflate; client_max_window_bits=10 | -2",
            "permessage-deflate | permessage-deflate; foo | -2",
            "permessage-deflate | permessage-deflate; server_no_context_takeover; server_no_context_takeover | -2",
            "permessage-deflate | permessage-deflate; server_max_window_bits=16 | -2",
            "permessage-deflate | permessage-deflate; server_no_context_takeover=1 | -2",
            "permessage-deflate | x-webkit-deflate-frame | -2",
            "permessage-deflate; foo / permessage-deflate; server_no_context_takeover / permessage-deflate | permessage-deflate; server_no_context_takeover | 1",
            "permessage-deflate; server_no_context_takeover / permessage-deflate | permessage-deflate | 1",
    })
    void checksResponsesAgainstOffers(String offers, String response, int expected) {
        List<DeflateOffer> parsed = Arrays.stream(offers.split("/")).map(DeflateOffer::parse).toList();
        DeflateResponseCheck.Result result = DeflateResponseCheck.check(parsed, response.isEmpty() ? List.of() : List.of(response));
        if (expected == -2) {
            assertFalse(result.valid(), "should be invalid: " + response);
        } else {
            assertTrue(result.valid(), String.valueOf(result.problem()));
            assertEquals(expected == -1, result.declined());
            assertEquals(expected, result.acceptedOffer());
        }
    }

    @Test
    void twoElementsInTheResponseAreInvalid() {
        DeflateResponseCheck.Result result = DeflateResponseCheck.check(List.of(DeflateOffer.parse("permessage-deflate")),
                List.of("permessage-deflate, permessage-deflate"));
        assertFalse(result.valid());
    }

    @Test
    void parsesQuotedValuesAndFlags() {
        DeflateOffer offer = DeflateOffer.parse("permessage-deflate; client_max_window_bits=\"10\"; server_no_context_takeover");
        assertEquals(10, offer.bits(DeflateOffer.CLIENT_BITS));
        assertTrue(offer.has(DeflateOffer.SERVER_NO_CONTEXT));
        assertEquals(-1, offer.bits(DeflateOffer.SERVER_BITS));
    }

    @Test
    void compressesMessagesSharingContextAndStripsTheSyncTail() throws IOException {
        byte[] message = WireFrame.utf8("Hello Hello Hello Hello Hello Hello Hello Hello");
        try (DeflateContext client = new DeflateContext(false, false, 15, 1 << 20);
             DeflateContext server = new DeflateContext(false, false, 15, 1 << 20)) {
            byte[] first = client.compress(message);
            byte[] second = client.compress(message);
            assertTrue(second.length < first.length, "context takeover makes the repeat smaller");
            assertFalse(endsWithSyncTail(first));
            assertArrayEquals(message, server.decompress(first));
            assertArrayEquals(message, server.decompress(second));
        }
    }

    @Test
    void anInflaterWithoutContextRejectsMessagesThatReferToEarlierOnes() {
        byte[] message = WireFrame.utf8("a sentence long enough to be referred to by the next message, twice over");
        try (DeflateContext sender = new DeflateContext(false, false, 15, 1 << 20);
             DeflateContext receiver = new DeflateContext(false, true, 15, 1 << 20)) {
            sender.compress(message);
            byte[] second = sender.compress(message);
            IOException e = assertThrows(IOException.class, () -> receiver.decompress(second));
            assertTrue(e.getMessage().contains("server_no_context_takeover"), e.getMessage());
        }
    }

    @Test
    void anEmptyMessageCompressesToOneZeroByte() throws IOException {
        try (DeflateContext context = new DeflateContext(true, true, 15, 100)) {
            byte[] empty = context.compress(new byte[0]);
            assertArrayEquals(new byte[] {0}, empty);
            assertEquals(0, context.decompress(empty).length);
        }
    }

    @Test
    void refusesToInflatePastItsBound() {
        try (DeflateContext sender = new DeflateContext(true, true, 15, 1 << 20);
             DeflateContext receiver = new DeflateContext(true, true, 15, 1000)) {
            byte[] bomb = sender.compress(new byte[100_000]);
            assertThrows(IOException.class, () -> receiver.decompress(bomb));
        }
    }

    private static boolean endsWithSyncTail(byte[] b) {
        return b.length >= 4 && b[b.length - 4] == 0 && b[b.length - 3] == 0 && b[b.length - 2] == -1 && b[b.length - 1] == -1;
    }
}
