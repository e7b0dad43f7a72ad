package dev.wsengine.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceptKeyTest {

    @Test
    void answersTheRfc6455SampleNonce() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.forKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void newClientKeysAreSixteenRandomBytesInBase64() {
        String a = AcceptKey.newClientKey();
        String b = AcceptKey.newClientKey();
        assertEquals(16, Base64.getDecoder().decode(a).length);
        assertEquals(24, a.length());
        assertTrue(AcceptKey.isWellFormed(a));
        assertNotEquals(a, b);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' well-formed={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "dGhlIHNhbXBsZSBub25jZQ==     | true",
            "AAAAAAAAAAAAAAAAAAAAAA==     | true",
            "dGhlIHNhbXBsZSBub25jZQ       | false",   // unpadded
            "dGhlIHNhbXBsZSBub25jZQ=      | false",
            "dGhlIHNhbXBsZSBub25jZXg=     | false",   // 17 bytes
            "dGhlIHNhbXBsZSBub25j         | false",   // 15 bytes
            "!!!!!!!!!!!!!!!!!!!!!!==     | false",
            "dGhlIHNhbXBsZSBub25jZR==     | true",    // spare bits set: the JDK's decoder takes it too
            "dGhlIHNhbXBsZSBub25jZ-==     | false",   // URL-safe alphabet
            "dGhlIHNhbXBsZSBub25j=ZQ=     | false",
            "dGhlIHNhbXBsZSBub25jZQ==AA   | false",
            "''                           | false",
            "NULL                         | false",
    })
    void recognisesWellFormedKeys(String key, boolean expected) {
        assertEquals(expected, AcceptKey.isWellFormed(key));
    }

    /** The check is written out by hand; it must agree with decoding to 16 bytes, which it replaced. */
    @Test
    void agreesWithTheJdkDecoderOnTwentyFourCharacterStrings() {
        String alphabet = "AQgwZz09+/=-_ .";
        java.util.Random random = new java.util.Random(6455);
        int wellFormed = 0;
        for (int n = 0; n < 20_000; n++) {
            char[] key = new char[24];
            for (int i = 0; i < key.length; i++) {
                // Mostly base64 characters, so that many candidates get far enough to matter.
                key[i] = random.nextInt(10) < 8 ? alphabet.charAt(random.nextInt(9)) : alphabet.charAt(random.nextInt(alphabet.length()));
            }
            if (random.nextBoolean()) {
                key[22] = '=';
                key[23] = '=';
            }
            String candidate = new String(key);
            boolean decodes;
            try {
                decodes = Base64.getDecoder().decode(candidate).length == 16;
            } catch (IllegalArgumentException e) {
                decodes = false;
            }
            assertEquals(decodes, AcceptKey.isWellFormed(candidate), candidate);
            wellFormed += decodes ? 1 : 0;
        }
        assertTrue(wellFormed > 500, "too few well-formed candidates to compare: " + wellFormed);
    }
}
