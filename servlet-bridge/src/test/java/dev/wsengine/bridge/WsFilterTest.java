package dev.wsengine.bridge;

import dev.wsengine.server.HandshakeResult;
import dev.wsengine.server.UpgradeRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class WsFilterTest {

    /** The engine as the filter sees it; answers every handshake with {@link #answer}. */
    private static final class Engine implements UpgradeEngine {
        final AtomicInteger requestsSeen = new AtomicInteger();
        final AtomicReference<UpgradeRequest> asked = new AtomicReference<>();
        HandshakeResult answer;

        @Override
        public void requestSeen() {
            requestsSeen.incrementAndGet();
        }

        @Override
        public HandshakeResult handshake(UpgradeRequest request) {
            asked.set(request);
            return answer;
        }
    }

    private final Engine engine = new Engine();
    private final ConnectionSwitch neverSwitch = mock(ConnectionSwitch.class);
    private final WsFilter filter = new WsFilter(engine, new ResponseWriter(new ConnectionSwitches(null, null, neverSwitch)));
    private final FilterChain chain = mock(FilterChain.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);

    private static HttpServletRequest request(String upgrade) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeaders("Upgrade")).thenReturn(upgrade == null ? Collections.emptyEnumeration()
                : Collections.enumeration(List.of(upgrade)));
        when(request.getRequestURI()).thenReturn("/app/chat%20room");
        when(request.getContextPath()).thenReturn("/app");
        return request;
    }

    @Test
    void passesAPlainRequestDownTheChainUntouched() throws Exception {
        HttpServletRequest request = request(null);
        filter.doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
        assertNull(engine.asked.get());
        verifyNoInteractions(response);
        assertEquals(1, engine.requestsSeen.get(), "any request ends the deployment phase");
    }

    @Test
    void passesAnUpgradeForAPathWithoutEndpointDownTheChain() throws Exception {
        HttpServletRequest request = request("h2c, WebSocket");
        filter.doFilter(request, response, chain);
        verify(chain).doFilter(request, response);
        assertEquals("/chat%20room", engine.asked.get().path(), "the path inside the application, as sent");
        verifyNoInteractions(response);
    }

    @Test
    void answersARefusalWithItsStatusHeadersAndReason() throws Exception {
        engine.answer = HandshakeResult.reject(426, Map.of("Sec-WebSocket-Version", List.of("13")), "version 8 is not supported");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
        filter.doFilter(request("websocket"), response, chain);
        verify(chain, never()).doFilter(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any());
        verify(response).setStatus(426);
        verify(response).addHeader("Sec-WebSocket-Version", "13");
        assertTrue(body.toString().contains("version 8 is not supported"), body.toString());
        verifyNoInteractions(neverSwitch);
    }
}
