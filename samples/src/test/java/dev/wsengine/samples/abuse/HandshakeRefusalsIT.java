package dev.wsengine.samples.abuse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Handshakes the samples refuse with an HTTP status, and their neighbours that pass: a query that
 * does not decode is the client's error (400), a page from another site is not let in (403).
 */
class HandshakeRefusalsIT {

    private static SampleProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = SampleProcess.start(128);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/echo?a=%zz | | 400",
        "/echo?a=%FF | | 400",
        "/echo?a=%C3%A9 | | 101",
        "/chat/lobby?name=%zz | | 400",
        "/echo | Origin: http://evil.example | 403",
        "/echo | Origin: null | 403",
        "/echo | Origin: http://localhost:PORT | 101",
        "/echo | Origin: http://127.0.0.1:PORT | 101",
    })
    void answersWithTheStatusItsInputDeserves(String path, String header, int status) throws Exception {
        String[] headers = header == null ? new String[0]
                : new String[] {header.replace("PORT", Integer.toString(server.port()))};
        assertEquals(status, Wire.handshakeStatus(server.port(), path, headers), path + " " + (header == null ? "" : header));
    }
}
