package dev.wsengine.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowedOriginsTest {

    private static final AllowedOrigins LIST =
            AllowedOrigins.parse("https://example.com, https://*.example.org, http://localhost:*, http://10.0.0.1:8080");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "https://example.com, true",
            "https://EXAMPLE.com, true",
            "https://example.com:443, true",
            "https://example.com:8443, false",
            "http://example.com, false",
            "https://www.example.com, false",
            "https://a.example.org, true",
            "https://a.b.example.org, true",
            "https://example.org, false",
            "https://evilexample.org, false",
            "http://a.example.org, false",
            "http://localhost, true",
            "http://localhost:5173, true",
            "https://localhost:5173, false",
            "http://10.0.0.1:8080, true",
            "http://10.0.0.1, false",
            "null, false",
            "not an origin, false",
            "https://example.com/path, false",
    })
    void matchesOriginsAsBrowsersSendThem(String origin, boolean allowed) {
        assertEquals(allowed, LIST.allows(origin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://example.com, *"})
    void aStarAllowsEveryOrigin(String list) {
        assertTrue(AllowedOrigins.parse(list).allows("https://anything.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "*"})
    void aRequestWithoutOriginIsNotFromABrowserAndIsAllowed(String list) {
        assertTrue(AllowedOrigins.parse(list).allows(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "https://example.com/app", "https://ex*ample.com", "https://*", "https://a.com:eighty", " , "})
    void refusesWhatIsNotAnOriginPatternNamingIt(String list) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllowedOrigins.parse(list));
        assertTrue(e.getMessage().contains(list.strip().isEmpty() || list.contains(",") ? "" : list.strip()), e.getMessage());
    }
}
