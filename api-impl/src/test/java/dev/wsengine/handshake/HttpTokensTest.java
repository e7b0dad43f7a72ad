package dev.wsengine.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpTokensTest {

    @ParameterizedTest(name = "[{index}] lines {0} contain {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "Upgrade                  | Upgrade | true",
            "upgrade                  | Upgrade | true",
            "keep-alive, Upgrade      | Upgrade | true",
            "keep-alive;Upgrade       | Upgrade | false",
            "keep-alive ,  UPGRADE ,  | Upgrade | true",
            "keep-alive/Upgrade       | Upgrade | false",
            "Upgrades                 | Upgrade | false",
            "keep-alive/~/Upgrade     | Upgrade | true",   // '/~/' splits into two header lines
            "WebSocket                | websocket | true",
            "h2c                      | websocket | false",
            ",,Upgrade,               | Upgrade | true",
            "Up grade                 | Upgrade | false",
            "keep-alive,Upgrade       | Upgrade | true",
            "x/~/ upgrade             | Upgrade | true",
    })
    void findsTokensInCommaSeparatedListsOverSeveralLines(String lines, String token, boolean expected) {
        List<String> headerLines = Arrays.asList(lines.split("/~/"));
        assertEquals(expected, HttpTokens.containsToken(headerLines, token));
    }

    /** containsToken scans in place; it must say what looking through listElements says. */
    @Test
    void containsTokenAgreesWithTheListOfElements() {
        String pieces = "uU, \t;x";
        java.util.Random random = new java.util.Random(7230);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                line.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            List<String> lines = List.of(line.toString());
            boolean expected = HttpTokens.listElements(lines).stream().anyMatch("u"::equalsIgnoreCase);
            assertEquals(expected, HttpTokens.containsToken(lines, "u"), "'" + line + "'");
        }
    }

    @Test
    void listElementsDropsEmptyElementsAndWhitespace() {
        assertEquals(List.of("a", "b", "c"), HttpTokens.listElements(List.of(" a ,, b", "", ",c,")));
    }

    @Test
    void tokensExcludeSeparatorsAndSpaces() {
        assertTrue(HttpTokens.isToken("permessage-deflate"));
        assertTrue(HttpTokens.isToken("x!#$%&'*+-.^_`|~9"));
        for (String bad : List.of("", "a b", "a,b", "a;b", "a=b", "\"a\"", "a/b", "a\u00e9", "(a)")) {
            assertFalse(HttpTokens.isToken(bad), bad);
        }
    }
}
