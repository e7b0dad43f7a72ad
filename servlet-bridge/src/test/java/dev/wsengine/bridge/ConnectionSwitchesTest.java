package dev.wsengine.bridge;

import dev.wsengine.transport.TransportHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;

class ConnectionSwitchesTest {

    /** A switch whose classes do not link, as Jetty's in a web application that may not see Jetty. */
    private static final class Unlinkable implements ConnectionSwitch {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public boolean appliesTo(HttpServletRequest request) {
            asked.incrementAndGet();
            throw new NoClassDefFoundError("org/eclipse/jetty/ee11/servlet/ServletContextRequest");
        }

        @Override
        public void switchTo(HttpServletRequest request, HttpServletResponse response, TransportHandler session) {
            throw new AssertionError("never chosen");
        }
    }

    @Test
    void aJettySwitchThatDoesNotLinkIsTriedOnceThenThePortableOneServesEveryRequest() {
        Unlinkable jetty = new Unlinkable();
        ConnectionSwitch portable = mock(ConnectionSwitch.class);
        ConnectionSwitches switches = new ConnectionSwitches(jetty, portable);
        for (int i = 0; i < 3; i++) {
            assertSame(portable, switches.forRequest(mock(HttpServletRequest.class)));
        }
        assertEquals(1, jetty.asked.get(), "the linkage failure is not repeated (nor logged) per request");
    }
}
