package dev.wsengine.handshake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubprotocolHeaderTest {

    @Test
    void parsesTokensOverSeveralLinesInOrder() throws Exception {
        assertEquals(List.of("chat", "superchat", "v2.json"),
                SubprotocolHeader.parse(List.of("chat , superchat", "", "v2.json,")));
    }

    @Test
    void absentHeaderMeansNoProtocols() throws Exception {
        assertEquals(List.of(), SubprotocolHeader.parse(List.of()));
    }

    @Test
    void rejectsNonTokens() {
        MalformedHeaderException e = assertThrows(MalformedHeaderException.class,
                () -> SubprotocolHeader.parse(List.of("chat, super chat")));
        assertEquals("Sec-WebSocket-Protocol", e.headerName());
    }

    @Test
    void formatsCommaSeparated() {
        assertEquals("a, b", SubprotocolHeader.format(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> SubprotocolHeader.format(List.of("a\r\nX: y")));
    }
}
