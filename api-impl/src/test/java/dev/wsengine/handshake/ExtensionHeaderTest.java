package dev.wsengine.handshake;

import jakarta.websocket.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtensionHeaderTest {

    private static WsExtension ext(String name, WsExtension.Param... params) {
        return new WsExtension(name, List.of(params));
    }

    private static WsExtension.Param p(String name, String value) {
        return new WsExtension.Param(name, value);
    }

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of(List.of("foo"), List.of(ext("foo"))),
                Arguments.of(List.of(""), List.of()),
                Arguments.of(List.of("  "), List.of()),
                Arguments.of(List.of("foo, bar"), List.of(ext("foo"), ext("bar"))),
                Arguments.of(List.of("foo", "bar"), List.of(ext("foo"), ext("bar"))),
                Arguments.of(List.of(",foo,,bar,"), List.of(ext("foo"), ext("bar"))),
                Arguments.of(List.of("permessage-deflate; client_max_window_bits"),
                        List.of(ext("permessage-deflate", p("client_max_window_bits", null)))),
                Arguments.of(List.of("permessage-deflate;client_max_window_bits=10;server_no_context_takeover"),
                        List.of(ext("permessage-deflate", p("client_max_window_bits", "10"),
                                p("server_no_context_takeover", null)))),
                Arguments.of(List.of("a ; x = 1 ;\ty\t=\t\"2\" , b"),
                        List.of(ext("a", p("x", "1"), p("y", "2")), ext("b"))),
                Arguments.of(List.of("a; x=\"q\\\"uo\\\\te\""), List.of(ext("a", p("x", "q\"uo\\te")))),
                Arguments.of(List.of("a; x=\"has, comma; and semi\""), List.of(ext("a", p("x", "has, comma; and semi")))),
                Arguments.of(List.of("a; x=\"\""), List.of(ext("a", p("x", "")))),
                Arguments.of(List.of("a; x=1", "a; x=2"), List.of(ext("a", p("x", "1")), ext("a", p("x", "2"))))
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wellFormed")
    void parsesTheRfc6455Grammar(List<String> lines, List<Extension> expected) {
        assertEquals(expected, ExtensionHeader.parse(lines));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
            ";", "foo;", "foo; ", "foo;=1", "foo; x=", "foo; x= ,bar", "foo bar", "foo; x=1 2",
            "foo; x=\"unterminated", "foo; x=\"a\\", "foo; x=a\"b\"", "\"foo\"", "foo; x=\"a\"b",
            "f(o)o", "foo; x=@", "foo/bar", "foo; x=\"a\u0001\""
    })
    void rejectsMalformedHeaders(String header) {
        HandshakeException e = assertThrows(HandshakeException.class, () -> ExtensionHeader.parse(header));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Sec-WebSocket-Extensions"), e.getMessage());
        assertTrue(e.getMessage().contains(header), e.getMessage());
    }

    @Test
    void formatsBackToTheHeaderForm() {
        List<Extension> exts = List.of(
                ext("permessage-deflate", p("client_max_window_bits", null), p("server_max_window_bits", "10")),
                ext("x-other", p("q", "needs quoting"), p("e", "a\"b\\c")));
        String header = ExtensionHeader.format(exts);
        assertEquals("permessage-deflate; client_max_window_bits; server_max_window_bits=10, "
                + "x-other; q=\"needs quoting\"; e=\"a\\\"b\\\\c\"", header);
    }

    @Test
    void formatThenParseGivesTheSameExtensions() {
        List<Extension> exts = List.of(ext("a", p("x", "1"), p("y", null)), ext("b", p("z", "with space, comma")));
        assertEquals(exts, ExtensionHeader.parse(ExtensionHeader.format(exts)));
    }

    @Test
    void formatsForeignExtensionImplementations() {
        Extension foreign = new Extension() {
            public String getName() { return "foreign"; }
            public List<Parameter> getParameters() {
                return List.of(new Parameter() {
                    public String getName() { return "k"; }
                    public String getValue() { return "v"; }
                });
            }
        };
        assertEquals("foreign; k=v", ExtensionHeader.format(List.of(foreign)));
        assertEquals(ext("foreign", p("k", "v")), WsExtension.of(foreign));
    }

    @Test
    void extensionsHaveValueEqualityAndReadableToString() {
        WsExtension a = ext("a", p("x", "1"));
        assertEquals(a, ext("a", p("x", "1")));
        assertEquals(a.hashCode(), ext("a", p("x", "1")).hashCode());
        assertNotEquals(a, ext("a", p("x", "2")));
        assertNotEquals(a, ext("a", p("x", null)));
        assertNotEquals(a, ext("b", p("x", "1")));
        assertNotEquals(ext("a", p("x", "1"), p("y", "2")), ext("a", p("y", "2"), p("x", "1")));
        assertEquals("a; x=1", a.toString());
        assertEquals("x=1", p("x", "1").toString());
    }

    @Test
    void extensionsAreImmutable() {
        WsExtension a = ext("a", p("x", "1"));
        assertThrows(UnsupportedOperationException.class, () -> a.getParameters().add(p("y", null)));
    }

    @Test
    void namesMustBeTokens() {
        assertThrows(IllegalArgumentException.class, () -> new WsExtension("a b"));
        assertThrows(IllegalArgumentException.class, () -> new WsExtension.Param("", "1"));
    }
}
