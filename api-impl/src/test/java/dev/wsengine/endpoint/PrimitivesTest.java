package dev.wsengine.endpoint;

import jakarta.websocket.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimitivesTest {

    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of(String.class, " as is ", " as is "),
                Arguments.of(int.class, "-12", -12),
                Arguments.of(Integer.class, "+12", 12),
                Arguments.of(long.class, "9223372036854775807", Long.MAX_VALUE),
                Arguments.of(Long.class, "0", 0L),
                Arguments.of(short.class, "-32768", Short.MIN_VALUE),
                Arguments.of(Short.class, "7", (short) 7),
                Arguments.of(byte.class, "127", (byte) 127),
                Arguments.of(Byte.class, "-1", (byte) -1),
                Arguments.of(float.class, "1.25", 1.25f),
                Arguments.of(Float.class, "NaN", Float.NaN),
                Arguments.of(double.class, "-0.5", -0.5),
                Arguments.of(Double.class, "1e-3", 0.001),
                Arguments.of(boolean.class, "TrUe", true),
                Arguments.of(Boolean.class, "false", false),
                Arguments.of(boolean.class, "yes", false), // what new Boolean("yes") gives
                Arguments.of(char.class, "z", 'z'),
                Arguments.of(Character.class, "€", '€'));
    }

    @ParameterizedTest(name = "{0} <- ''{1}''")
    @MethodSource("conversions")
    void convertsTextAsTheBoxConstructorWould(Class<?> type, String text, Object expected) throws DecodeException {
        assertEquals(expected, Primitives.fromText(type, text));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(int.class, "1.0"),
                Arguments.of(int.class, " 1"),
                Arguments.of(Integer.class, ""),
                Arguments.of(long.class, "9223372036854775808"),
                Arguments.of(byte.class, "128"),
                Arguments.of(short.class, "0x10"),
                Arguments.of(double.class, "one"),
                Arguments.of(Float.class, ""),
                Arguments.of(char.class, ""),
                Arguments.of(Character.class, "ab"));
    }

    @ParameterizedTest(name = "{0} <- ''{1}''")
    @MethodSource("refusals")
    void badTextIsADecodeExceptionCarryingTheText(Class<?> type, String text) {
        DecodeException e = assertThrows(DecodeException.class, () -> Primitives.fromText(type, text));
        assertEquals(text, e.getText());
        assertTrue(e.getMessage().contains(type.getName()) || e.getMessage().contains("character"), e.getMessage());
    }

    @Test
    void missingValueIsNullForBoxesAndStringsButAnErrorForPrimitives() throws DecodeException {
        assertNull(Primitives.fromText(String.class, null));
        assertNull(Primitives.fromText(Integer.class, null));
        assertThrows(DecodeException.class, () -> Primitives.fromText(int.class, null));
    }

    @Test
    void knowsWhichTypesArePrimitivesOrBoxes() {
        for (Class<?> type : List.of(int.class, Integer.class, boolean.class, Boolean.class, char.class, Character.class,
                byte.class, Byte.class, short.class, Short.class, long.class, Long.class, float.class, Float.class,
                double.class, Double.class)) {
            assertTrue(Primitives.isPrimitiveOrBox(type), type.getName());
            assertTrue(Primitives.isPathParamType(type), type.getName());
        }
        assertTrue(Primitives.isPathParamType(String.class));
        assertFalse(Primitives.isPrimitiveOrBox(String.class));
        assertFalse(Primitives.isPathParamType(Object.class));
        assertFalse(Primitives.isPathParamType(void.class));
        assertFalse(Primitives.isPrimitiveOrBox(Number.class));
    }
}
