package dev.wsengine.samples.json;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat JSON objects the samples exchange, {@code {"type":"message","name":"ann","text":"hi"}},
 * through Jakarta JSON Processing (Eclipse Parsson): string and number values only, numbers read
 * as their text.
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** Writes the entries in order; values that are {@link Number}s go out as numbers. */
    public static String write(Map<String, ?> object) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        object.forEach((name, value) -> {
            if (value instanceof Number number) {
                builder.add(name, new BigDecimal(number.toString()));
            } else {
                builder.add(name, String.valueOf(value));
            }
        });
        return builder.build().toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not one object of string and number values */
    public static Map<String, String> read(String json) {
        JsonObject object;
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new IllegalArgumentException("Not a JSON object: " + json);
            }
            object = parser.getObject();
            if (parser.hasNext()) {
                throw new IllegalArgumentException("More than one JSON value: " + json);
            }
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("Not a JSON object: " + e.getMessage(), e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        object.forEach((name, value) -> fields.put(name, text(name, value)));
        return fields;
    }

    private static String text(String name, JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        throw new IllegalArgumentException("\"" + name + "\" is a " + value.getValueType().name().toLowerCase()
                + "; the samples' objects hold strings and numbers only");
    }
}
