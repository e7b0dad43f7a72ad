package dev.wsengine.handshake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubprotocolHeaderTest {

    @Test
    void parsesTokensOverSeveralLinesInOrder() {
        assertEquals(List.of("chat", "superchat", "v2.json"),
                SubprotocolHeader.parse(List.of("chat , superchat", "", "v2.json,")));
    }

    @Test
    void absentHeaderMeansNoProtocols() {
        assertEquals(List.of(), SubprotocolHeader.parse(List.of()));
    }

    @Test
    void rejectsNonTokens() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> SubprotocolHeader.parse(List.of("chat, super chat")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Sec-WebSocket-Protocol"), e.getMessage());
    }

    @Test
    void formatsCommaSeparated() {
        assertEquals("a, b", SubprotocolHeader.format(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> SubprotocolHeader.format(List.of("a\r\nX: y")));
    }
}
