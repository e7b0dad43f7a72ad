package dev.wsengine.bridge;

import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.LinkedHashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WsServletContainerInitializerTest {

    @ServerEndpoint("/twice")
    public static class One {
    }

    @ServerEndpoint("/twice")
    public static class Two {
    }

    private static ServletContext context() {
        ServletContext context = mock(ServletContext.class);
        when(context.getContextPath()).thenReturn("/app");
        when(context.getClassLoader()).thenReturn(WsServletContainerInitializerTest.class.getClassLoader());
        when(context.addFilter(anyString(), any(jakarta.servlet.Filter.class)))
                .thenReturn(mock(FilterRegistration.Dynamic.class));
        return context;
    }

    @Test
    void aDeploymentErrorFailsTheStartWithTheDeploymentExceptionAsCause() {
        ServletContext context = context();
        ServletException e = assertThrows(ServletException.class, () -> new WsServletContainerInitializer()
                .onStartup(new LinkedHashSet<>(List.of(One.class, Two.class)), context));
        assertInstanceOf(DeploymentException.class, e.getCause());
        assertTrue(e.getMessage().contains("/app"), e.getMessage());
    }

    @Test
    void publishesTheServerContainerAndMapsTheFilterToEveryRequest() throws Exception {
        ServletContext context = context();
        FilterRegistration.Dynamic filter = mock(FilterRegistration.Dynamic.class);
        when(context.addFilter(eq(WsServletContainerInitializer.FILTER_NAME), any(jakarta.servlet.Filter.class)))
                .thenReturn(filter);
        new WsServletContainerInitializer().onStartup(new LinkedHashSet<>(List.of(One.class)), context);
        verify(context).setAttribute(eq(ServerContainer.class.getName()), any(ServerContainer.class));
        verify(filter).setAsyncSupported(true);
        verify(filter).addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
    }

    @Test
    void installsThroughTheBootstrapSoAnExplicitInstallBesideItFails() throws Exception {
        FakeServletContext app = new FakeServletContext();
        new WsServletContainerInitializer().onStartup(new LinkedHashSet<>(List.of(One.class)), app.context);
        WsServerContainer container = (WsServerContainer) app.attributes.get(ServerContainer.class.getName());
        assertTrue(container.match("/twice") != null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WebSocketEngine.install(app.context, Two.class));
        assertTrue(e.getMessage().contains("already installed"), e.getMessage());
        app.stop();
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(Two.class), "the filter's destroy stops it");
    }

    @Test
    void skipsScannedClassesThatCannotBeEndpointsInsteadOfFailing() throws Exception {
        FakeServletContext app = new FakeServletContext();
        new WsServletContainerInitializer().onStartup(new LinkedHashSet<>(List.of(One.class,
                WebSocketEngineTest.Programmatic.class, jakarta.websocket.Endpoint.class)), app.context);
        WsServerContainer container = (WsServerContainer) app.attributes.get(ServerContainer.class.getName());
        assertTrue(container.match("/twice") != null);
        app.stop();
    }

    @Test
    void rejectsAMalformedContextParameterByName() {
        ServletContext context = context();
        when(context.getInitParameter(WsServletContainerInitializer.MAX_BACKLOG_PARAM)).thenReturn("lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WsServletContainerInitializer().onStartup(null, context));
        assertTrue(e.getMessage().contains(WsServletContainerInitializer.MAX_BACKLOG_PARAM));
    }

    @Test
    void rejectsAMalformedOriginAllowListByName() {
        ServletContext context = context();
        when(context.getInitParameter(WsServletContainerInitializer.ALLOWED_ORIGINS_PARAM)).thenReturn("example.com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WsServletContainerInitializer().onStartup(null, context));
        assertTrue(e.getMessage().contains(WsServletContainerInitializer.ALLOWED_ORIGINS_PARAM), e.getMessage());
        assertTrue(e.getMessage().contains("example.com"), e.getMessage());
    }

    @Test
    void takesTheSessionLimitFromItsParameterAndRejectsABadOneByName() throws Exception {
        ServletContext context = context();
        when(context.getInitParameter(WsServletContainerInitializer.MAX_SESSIONS_PARAM)).thenReturn("-5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WsServletContainerInitializer().onStartup(null, context));
        assertTrue(e.getMessage().contains(WsServletContainerInitializer.MAX_SESSIONS_PARAM), e.getMessage());

        ServletContext good = context();
        when(good.getInitParameter(WsServletContainerInitializer.MAX_SESSIONS_PARAM)).thenReturn("100");
        new WsServletContainerInitializer().onStartup(null, good);
        ArgumentCaptor<Object> published = ArgumentCaptor.forClass(Object.class);
        verify(good).setAttribute(eq(ServerContainer.class.getName()), published.capture());
        assertEquals(100, ((WsServerContainer) published.getValue()).getMaxSessions());
    }
}
