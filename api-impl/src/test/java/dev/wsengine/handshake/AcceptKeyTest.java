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
            "''                           | false",
            "NULL                         | false",
    })
    void recognisesWellFormedKeys(String key, boolean expected) {
        assertEquals(expected, AcceptKey.isWellFormed(key));
    }
}
