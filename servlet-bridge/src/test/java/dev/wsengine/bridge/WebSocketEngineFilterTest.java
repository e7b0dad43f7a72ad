package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WebSocketEngineFilterTest {

    private final FakeServletContext app = new FakeServletContext();
    private final WebSocketEngineFilter filter = new WebSocketEngineFilter();

    private FilterConfig config(String endpoints) {
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn("websocket");
        when(config.getServletContext()).thenReturn(app.context);
        when(config.getInitParameter(WebSocketEngineFilter.ENDPOINTS_PARAM)).thenReturn(endpoints);
        return config;
    }

    @Test
    void initInstallsTheClassesNamedInItsParameterWithoutAddingAFilter() throws Exception {
        filter.init(config(" dev.wsengine.bridge.WebSocketEngineTest$Echo,\n"
                + "dev.wsengine.bridge.WebSocketEngineTest$Config "));
        try {
            WsServerContainer container = assertInstanceOf(WsServerContainer.class,
                    app.attributes.get(ServerContainer.class.getName()));
            assertNotNull(container.match("/programmatic"));
            assertTrue(app.filters.isEmpty(), "the declared filter serves the requests itself");
        } finally {
            filter.destroy();
        }
    }

    @Test
    void passesEveryRequestThatIsNoUpgradeDownTheChain() throws Exception {
        filter.init(config("dev.wsengine.bridge.WebSocketEngineTest$Echo"));
        try {
            HttpServletRequest request = mock(HttpServletRequest.class);
            when(request.getHeaders("Upgrade")).thenReturn(Collections.emptyEnumeration());
            HttpServletResponse response = mock(HttpServletResponse.class);
            FilterChain chain = mock(FilterChain.class);
            filter.doFilter(request, response, chain);
            verify(chain).doFilter(request, response);
        } finally {
            filter.destroy();
        }
    }

    @Test
    void destroyStopsTheEngine() throws Exception {
        filter.init(config("dev.wsengine.bridge.WebSocketEngineTest$Echo"));
        WsServerContainer container = (WsServerContainer) app.attributes.get(ServerContainer.class.getName());
        filter.destroy();
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(WebSocketEngineTest.SamePath.class));
        assertThrows(ServletException.class, () -> filter.doFilter(mock(HttpServletRequest.class),
                mock(HttpServletResponse.class), mock(FilterChain.class)));
    }

    @Test
    void aClassThatCannotBeLoadedFailsTheStartNamingIt() {
        ServletException e = assertThrows(ServletException.class,
                () -> filter.init(config("dev.wsengine.bridge.WebSocketEngineTest$Echo, com.example.Missing")));
        assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
        assertTrue(e.getMessage().contains("Filter 'websocket' of web application '/app'"), e.getMessage());
    }

    @Test
    void noClassesNamedFailsTheStartNamingTheParameter() {
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config(" ")));
        assertTrue(e.getMessage().contains(WebSocketEngineFilter.ENDPOINTS_PARAM), e.getMessage());
    }

    @Test
    void aClassThatCannotBeDeployedFailsTheStartNamingIt() {
        ServletException e = assertThrows(ServletException.class, () -> filter.init(config("java.lang.Runnable")));
        assertTrue(e.getMessage().contains("java.lang.Runnable"), e.getMessage());
    }

    @Test
    void declaredBesideTheScanningInitializerItFailsWithAClearMessage() throws Exception {
        new WsServletContainerInitializer().onStartup(null, app.context);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> filter.init(config("dev.wsengine.bridge.WebSocketEngineTest$Echo")));
        assertTrue(e.getMessage().contains("already installed"), e.getMessage());
        app.stop();
    }
}
