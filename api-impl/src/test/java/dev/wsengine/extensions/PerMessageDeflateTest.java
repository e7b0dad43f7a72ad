package dev.wsengine.extensions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.websocket.Extension;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.wsengine.extensions.Headers.extension;
import static dev.wsengine.extensions.Headers.extensions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerMessageDeflateTest {

    private static final String DECLINE = "DECLINE";

    private static final PerMessageDeflate DEFAULTS = PerMessageDeflate.withDefaults();

    // ---- server: offers -> answer ------------------------------------------------------------

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
            // Firefox, Chrome, Safari as they offer today
            "permessage-deflate                                                   | permessage-deflate",
            "permessage-deflate; client_max_window_bits                           | permessage-deflate",
            "permessage-deflate; client_max_window_bits=10                        | permessage-deflate",
            "permessage-deflate; server_no_context_takeover                       | permessage-deflate; server_no_context_takeover",
            "permessage-deflate; client_no_context_takeover                       | permessage-deflate; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_max_window_bits=15                        | permessage-deflate; server_max_window_bits=15",
            "permessage-deflate; server_max_window_bits=10                        | permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=8                         | permessage-deflate; server_max_window_bits=8",
            // RFC 7692 section 7.1.3's example: the first offer, with a small server window, is taken
            "permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate; client_max_window_bits | permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=9, permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=9",
            "permessage-deflate; server_max_window_bits=7, permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=12",
            "permessage-deflate; foo, permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
            "permessage-deflate; server_max_window_bits=99, permessage-deflate    | permessage-deflate",
            "permessage-deflate; client_max_window_bits; client_max_window_bits   | " + DECLINE,
            "x-webkit-deflate-frame, permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
            "x-webkit-deflate-frame                                               | " + DECLINE,
    })
    void serverAnswersFirstOfferItCanHonour(String offers, String expected) {
        Optional<DeflateAgreement> agreement = DEFAULTS.negotiate(extensions(offers));
        assertEquals(expected, agreement.map(a -> a.extension().toString()).orElse(DECLINE));
    }

    @Test
    void serverDeclinesWhenNothingIsOffered() {
        assertEquals(Optional.empty(), DEFAULTS.negotiate(List.of()));
    }

    /** Every small server window, alone and with each other parameter an offer may carry. */
    static Stream<Arguments> smallServerWindowOffers() {
        List<String[]> others = List.of(
                // extra offer parameters | what the answer adds to server_max_window_bits=N
                new String[] {"", ""},
                new String[] {"; server_no_context_takeover", "server_no_context_takeover; "},
                new String[] {"; client_no_context_takeover", "client_no_context_takeover; "},
                new String[] {"; client_max_window_bits", ""},
                new String[] {"; client_max_window_bits=9", ""},
                new String[] {"; client_no_context_takeover; server_no_context_takeover; client_max_window_bits",
                        "server_no_context_takeover; client_no_context_takeover; "});
        return IntStream.rangeClosed(8, 14).boxed().flatMap(bits -> others.stream().flatMap(o -> Stream.of(
                // the window first or last among the parameters: order does not matter
                Arguments.of(bits, "permessage-deflate; server_max_window_bits=" + bits + o[0], o[1]),
                Arguments.of(bits, "permessage-deflate" + o[0] + "; SERVER_MAX_WINDOW_BITS=\"" + bits + "\"", o[1]))));
    }

    @ParameterizedTest(name = "[{1}]")
    @MethodSource("smallServerWindowOffers")
    void serverAcceptsSmallServerWindowAndAnswersTheSameValue(int bits, String offer, String answerPrefix) throws Exception {
        DeflateAgreement a = DEFAULTS.negotiate(extensions(offer)).orElseThrow();
        // Section 7.1.2.1: accepted only by answering server_max_window_bits with the same or a
        // smaller value; client_max_window_bits need not be answered (section 7.1.2.2).
        assertEquals("permessage-deflate; " + answerPrefix + "server_max_window_bits=" + bits, a.extension().toString());
        assertEquals(bits, a.ownWindowBits());
        assertEquals(1L << bits, a.largestCompressedMessage());
        assertFalse(a.compressesMessagesOfUnknownLength(), "a streamed message could outgrow the window");
        assertTrue(a.fitsWindow(1L << bits));
        assertFalse(a.fitsWindow((1L << bits) + 1));
        assertTrue(a.worthCompressing(1L << bits));
        assertFalse(a.worthCompressing((1L << bits) + 1), "longer than the window: sent uncompressed");
        assertFalse(a.worthCompressing(DeflateConfig.DEFAULT_COMPRESSION_THRESHOLD - 1), "below the threshold");
        assertEquals(offer.contains("server_no_context_takeover"), a.ownNoContextTakeover());
        assertEquals(offer.contains("client_no_context_takeover"), a.peerNoContextTakeover());
        MessageDeflater deflater = a.newDeflater();
        try {
            assertEquals(bits, deflater.windowBits());
            assertEquals(1L << bits, deflater.maxMessageBytes());
        } finally {
            deflater.release();
        }
    }

    @Test
    void serverWithFullWindowCompressesAnyLength() throws Exception {
        for (String offer : List.of("permessage-deflate", "permessage-deflate; server_max_window_bits=15")) {
            DeflateAgreement a = DEFAULTS.accept(extension(offer));
            assertEquals(15, a.ownWindowBits());
            assertEquals(Long.MAX_VALUE, a.largestCompressedMessage());
            assertTrue(a.compressesMessagesOfUnknownLength());
            assertTrue(a.worthCompressing(64L * 1024 * 1024));
        }
    }

    @Test
    void serverThresholdAboveTheWindowMeansNothingIsCompressed() throws Exception {
        PerMessageDeflate picky = new PerMessageDeflate(DeflateConfig.builder().compressionThreshold(300).build());
        DeflateAgreement a = picky.accept(extension("permessage-deflate; server_max_window_bits=8"));
        for (long length : new long[] {0, 32, 255, 256, 257, 300, 1000}) {
            assertFalse(a.worthCompressing(length), "length " + length);
        }
    }

    @ParameterizedTest(name = "server_max_window_bits={0}")
    @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14})
    void serverSmallWindowAnswerIsAcceptedByOurClientWhichKeepsItsFullWindow(int bits) throws Exception {
        Extension offer = extension("permessage-deflate; server_max_window_bits=" + bits);
        DeflateAgreement server = DEFAULTS.accept(offer);
        DeflateAgreement client = DEFAULTS.acceptAnswer(PerMessageDeflate.checkOwnOffer(offer), server.extension());
        assertEquals(server.parameters(), client.parameters());
        assertEquals(OptionalInt.of(bits), client.parameters().serverMaxWindowBits());
        // The server's window limits only what the server sends; the client's own is still 15.
        assertEquals(15, client.ownWindowBits());
        assertTrue(client.compressesMessagesOfUnknownLength());
        assertEquals(Long.MAX_VALUE, client.largestCompressedMessage());
    }

    @Test
    void serverAgreementResetsOwnContextWhenClientAsksForServerNoContextTakeover() throws Exception {
        DeflateAgreement a = DEFAULTS.accept(extension("permessage-deflate; server_no_context_takeover"));
        assertFalse(a.isClient());
        assertTrue(a.ownNoContextTakeover());
        assertFalse(a.peerNoContextTakeover());
    }

    @Test
    void serverAgreementDropsPeerContextWhenClientOffersClientNoContextTakeover() throws Exception {
        DeflateAgreement a = DEFAULTS.accept(extension("permessage-deflate; client_no_context_takeover"));
        assertFalse(a.ownNoContextTakeover());
        assertTrue(a.peerNoContextTakeover());
    }

    @Test
    void serverKeepsContextBothWaysForPlainOffer() throws Exception {
        DeflateAgreement a = DEFAULTS.accept(extension("permessage-deflate; client_max_window_bits"));
        assertFalse(a.ownNoContextTakeover());
        assertFalse(a.peerNoContextTakeover());
    }

    @Test
    void serverConfiguredForNoContextTakeoverAnswersItUnasked() throws Exception {
        PerMessageDeflate lean = new PerMessageDeflate(DeflateConfig.builder()
                .requireServerNoContextTakeover(true).requireClientNoContextTakeover(true).build());
        DeflateAgreement a = lean.accept(extension("permessage-deflate; client_max_window_bits"));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", a.extension().toString());
        assertTrue(a.ownNoContextTakeover());
        assertTrue(a.peerNoContextTakeover());
    }

    // ---- client: offer and answers -------------------------------------------------------------

    @Test
    void clientOffersPlainPerMessageDeflateByDefault() {
        assertEquals("permessage-deflate", DEFAULTS.offer().toString());
    }

    @Test
    void clientOfferFollowsConfiguration() {
        PerMessageDeflate configured = new PerMessageDeflate(DeflateConfig.builder()
                .requireServerNoContextTakeover(true).requireClientNoContextTakeover(true)
                .offerClientMaxWindowBits(true).build());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; client_max_window_bits",
                configured.offer().toString());
    }

    @ParameterizedTest(name = "[{0}] accepted: own reset {1}, peer reset {2}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate                                         | false | false",
            "permessage-deflate; server_no_context_takeover             | false | true",
            "permessage-deflate; client_no_context_takeover             | true  | false",
            "permessage-deflate; server_max_window_bits=10              | false | false",
            "permessage-deflate; server_max_window_bits=8; server_no_context_takeover; client_no_context_takeover | true | true",
    })
    void clientAcceptsAnswersItCanHonour(String answer, boolean ownReset, boolean peerReset) throws Exception {
        DeflateAgreement a = DEFAULTS.acceptAnswer(extension(answer));
        assertTrue(a.isClient());
        assertEquals(ownReset, a.ownNoContextTakeover());
        assertEquals(peerReset, a.peerNoContextTakeover());
        assertEquals(DeflateParameters.parseAnswer(extension(answer)), a.parameters());
    }

    @ParameterizedTest(name = "[{0}] fails: {1}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate; client_max_window_bits=15              | our offer did not include it",
            "permessage-deflate; client_max_window_bits                 | client_max_window_bits needs a value",
            "permessage-deflate; foo=1                                  | unknown parameter 'foo'",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover | duplicate parameter",
            "permessage-deflate; server_max_window_bits=16              | integer from 8 to 15",
            "permessage-deflate; server_max_window_bits                 | server_max_window_bits needs a value",
            "permessage-deflate; client_no_context_takeover=1           | takes no value",
            "deflate-frame                                              | not a permessage-deflate answer",
    })
    void clientFailsAnswersItCannotHonour(String answer, String reason) {
        DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                () -> DEFAULTS.acceptAnswer(extension(answer)));
        assertTrue(e.getMessage().contains(reason), e::getMessage);
    }

    @ParameterizedTest(name = "offered client_max_window_bits, answer {0} -> {1}")
    @CsvSource({
            "15, ok",
            "14, fails",
            "10, fails",
            "8, fails",
    })
    void clientOfferingWindowBitsOnlyAcceptsFullWindow(int bits, String outcome) throws Exception {
        PerMessageDeflate offering = new PerMessageDeflate(DeflateConfig.builder().offerClientMaxWindowBits(true).build());
        String answer = "permessage-deflate; client_max_window_bits=" + bits;
        if (outcome.equals("ok")) {
            assertTrue(offering.acceptAnswer(extension(answer)).isClient());
        } else {
            DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                    () -> offering.acceptAnswer(extension(answer)));
            assertTrue(e.getMessage().contains("client_max_window_bits=" + bits), e::getMessage);
            assertTrue(e.getMessage().contains("32 KB window"), e::getMessage);
        }
    }

    @Test
    void clientThatOfferedClientNoContextTakeoverResetsEvenIfAnswerOmitsIt() throws Exception {
        // Section 7.1.1.2: the offer alone is the client's promise not to take over its context.
        PerMessageDeflate promising = new PerMessageDeflate(DeflateConfig.builder().requireClientNoContextTakeover(true).build());
        assertTrue(promising.acceptAnswer(extension("permessage-deflate")).ownNoContextTakeover());
    }

    @Test
    void clientFollowsServerThatIgnoredRequestedServerNoContextTakeover() throws Exception {
        PerMessageDeflate asking = new PerMessageDeflate(DeflateConfig.builder().requireServerNoContextTakeover(true).build());
        assertFalse(asking.acceptAnswer(extension("permessage-deflate")).peerNoContextTakeover());
    }

    @Test
    void installedExtensionIsPlainPerMessageDeflate() {
        assertEquals("permessage-deflate", PerMessageDeflate.installedExtension().getName());
        assertTrue(PerMessageDeflate.installedExtension().getParameters().isEmpty());
    }

    @ParameterizedTest(name = "application offer [{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate; client_max_window_bits                 | ok",
            "permessage-deflate; client_max_window_bits=15              | ok",
            "permessage-deflate; server_max_window_bits=10; server_no_context_takeover | ok",
            "permessage-deflate; client_max_window_bits=10              | cannot offer client_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=99              | integer from 8 to 15",
            "permessage-deflate; bogus                                  | unknown parameter 'bogus'",
    })
    void checksOffersTheApplicationAsksFor(String offer, String outcome) throws Exception {
        if (outcome.equals("ok")) {
            assertEquals(DeflateParameters.parseOffer(extension(offer)), PerMessageDeflate.checkOwnOffer(extension(offer)));
        } else {
            DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                    () -> PerMessageDeflate.checkOwnOffer(extension(offer)));
            assertTrue(e.getMessage().contains(outcome), e::getMessage);
        }
    }

    @ParameterizedTest(name = "offer [{0}], answer [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10 | ok",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=9  | ok",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate                            | ok",
            "permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=12 | more than the 10 we offered",
            "permessage-deflate; client_max_window_bits=15 | permessage-deflate; client_max_window_bits=15 | ok",
            "permessage-deflate; client_max_window_bits=15 | permessage-deflate; client_max_window_bits=11 | 32 KB window",
            "permessage-deflate                            | permessage-deflate; client_max_window_bits=15 | our offer did not include it",
    })
    void clientValidatesAnswerAgainstTheOfferItSent(String offer, String answer, String outcome) throws Exception {
        DeflateParameters offered = PerMessageDeflate.checkOwnOffer(extension(offer));
        if (outcome.equals("ok")) {
            assertEquals(DeflateParameters.parseAnswer(extension(answer)), DEFAULTS.acceptAnswer(offered, extension(answer)).parameters());
        } else {
            DeflateNegotiationException e = assertThrows(DeflateNegotiationException.class,
                    () -> DEFAULTS.acceptAnswer(offered, extension(answer)));
            assertTrue(e.getMessage().contains(outcome), e::getMessage);
        }
    }

    @Test
    void serverAnswerIsAcceptedByOurClient() throws Exception {
        DeflateAgreement server = DEFAULTS.negotiate(List.of(DEFAULTS.offer())).orElseThrow();
        DeflateAgreement client = DEFAULTS.acceptAnswer(server.extension());
        assertEquals(server.parameters(), client.parameters());
        assertEquals(server.ownNoContextTakeover(), client.peerNoContextTakeover());
        assertEquals(server.peerNoContextTakeover(), client.ownNoContextTakeover());
    }
}
