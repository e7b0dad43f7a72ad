package dev.wsengine.samples.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlatJsonTest {

    @Test
    void escapesWhatJsonAndPagesNeedEscapedAndReadsItBack() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("text", "quote \" backslash \\ newline \n tab \t <script> \u0001 ünïcødé €");
        object.put("price", 101.25);
        String json = FlatJson.write(object);
        assertEquals("{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t <script> \\u0001 ünïcødé €\","
                + "\"price\":101.25}", json);
        Map<String, String> back = FlatJson.read(json);
        assertEquals(object.get("text"), back.get("text"));
        assertEquals("101.25", back.get("price"));
    }

    @Test
    void readsWhatABrowsersJsonStringifyWrites() {
        assertEquals(Map.of("type", "message", "text", "hi / there"),
                FlatJson.read(" { \"type\" : \"message\", \"text\":\"hi \\/ there\" } "));
        assertEquals(Map.of(), FlatJson.read("{}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"a\":}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{\"a\":{\"b\":\"c\"}}", "{\"a\":\"\\x\"}"})
    void refusesWhatIsNotOneFlatObject(String json) {
        assertThrows(IllegalArgumentException.class, () -> FlatJson.read(json));
    }
}
