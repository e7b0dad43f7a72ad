package dev.wsengine.samples.chat;

import dev.wsengine.samples.SampleServer;
import dev.wsengine.samples.TextListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The chat room through the JDK's WebSocket client: rooms, notices and JSON. */
class ChatEndpointIT {

    private SampleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new SampleServer("127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private TextListener join(String room, String name) throws Exception {
        return TextListener.connect(URI.create("ws://127.0.0.1:" + server.port() + "/chat/" + room + "?name=" + name));
    }

    @Test
    void broadcastsMessagesAndNoticesWithinTheRoomOnly() throws Exception {
        TextListener ann = join("lobby", "ann");
        assertEquals("{\"type\":\"join\",\"name\":\"ann\",\"text\":\"\"}", ann.next());
        TextListener bob = join("lobby", "bob");
        assertEquals("{\"type\":\"join\",\"name\":\"bob\",\"text\":\"\"}", ann.next());
        assertEquals("{\"type\":\"join\",\"name\":\"bob\",\"text\":\"\"}", bob.next());
        TextListener eve = join("elsewhere", "eve");
        assertEquals("{\"type\":\"join\",\"name\":\"eve\",\"text\":\"\"}", eve.next());

        bob.socket.sendText("{\"type\":\"message\",\"text\":\"hi \\\"all\\\"\"}", true).get(10, TimeUnit.SECONDS);
        String expected = "{\"type\":\"message\",\"name\":\"bob\",\"text\":\"hi \\\"all\\\"\"}";
        assertEquals(expected, ann.next());
        assertEquals(expected, bob.next());

        bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"leave\",\"name\":\"bob\",\"text\":\"\"}", ann.next());

        eve.socket.sendText("{\"text\":\"anyone?\"}", true).get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"message\",\"name\":\"eve\",\"text\":\"anyone?\"}", eve.next());
        // Everything eve's room said reached eve before her own message came back; none of it reached ann.
        assertNull(ann.messages.poll(), "nothing from the other room");
    }

    @Test
    void answersMalformedJsonWithAnErrorToItsSenderAndKeepsTheSession() throws Exception {
        TextListener ann = join("r", "ann");
        ann.next();
        ann.socket.sendText("not json", true).get(10, TimeUnit.SECONDS);
        String error = ann.next();
        assertEquals(true, error.startsWith("{\"type\":\"error\""), error);
        ann.socket.sendText("{\"text\":\"still here\"}", true).get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"message\",\"name\":\"ann\",\"text\":\"still here\"}", ann.next());
    }

    @Test
    void refusesToJoinWithoutANickname() throws Exception {
        TextListener nobody = join("r", "");
        assertEquals("close 1008", nobody.next());
    }
}
