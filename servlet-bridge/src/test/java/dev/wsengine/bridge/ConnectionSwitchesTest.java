package dev.wsengine.bridge;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.eclipse.jetty.ee11.servlet.ServletApiRequest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConnectionSwitchesTest {

    private static final NoClassDefFoundError HIDDEN =
            new NoClassDefFoundError("org/eclipse/jetty/ee11/servlet/ServletContextRequest");

    private final ConnectionSwitch portable = mock(ConnectionSwitch.class);

    private static ServletContext runningOn(String serverInfo) {
        ServletContext context = mock(ServletContext.class);
        when(context.getServerInfo()).thenReturn(serverInfo);
        when(context.getContextPath()).thenReturn("/app");
        return context;
    }

    @Test
    void aWebApplicationOnJettyThatCannotSeeJettysClassesFailsToStartSayingWhatToAdd() {
        ConnectionSwitches switches = new ConnectionSwitches(null, HIDDEN, portable);
        ServletException e = assertThrows(ServletException.class,
                () -> switches.requireUsableOn(runningOn("jetty/12.1.14")));
        assertTrue(e.getMessage().contains(ConnectionSwitches.JETTY_CLASSES), e.getMessage());
        assertTrue(e.getMessage().contains("-org.eclipse.jetty.ee11.servlet."), e.getMessage());
        assertTrue(e.getMessage().contains("ServletContextRequest"), "names the class it missed: " + e.getMessage());
        assertSame(HIDDEN, e.getCause());
    }

    @Test
    void otherContainersStartWithoutJettysSwitch() {
        ConnectionSwitches switches = new ConnectionSwitches(null, new ClassNotFoundException("no Jetty"), portable);
        assertDoesNotThrow(() -> switches.requireUsableOn(runningOn("Apache Tomcat/11.0.27")));
        assertDoesNotThrow(() -> switches.requireUsableOn(runningOn("Undertow - 2.3.20.Final")));
    }

    @Test
    void otherContainersRequestsTakeThePortableSwitch() throws ServletException {
        ConnectionSwitches switches = new ConnectionSwitches(null, new ClassNotFoundException("no Jetty"), portable);
        assertSame(portable, switches.forRequest(mock(HttpServletRequest.class)));
    }

    @Test
    void aJettyRequestIsNeverHandedToThePortableSwitch() {
        ConnectionSwitch declines = mock(ConnectionSwitch.class); // appliesTo answers false
        ConnectionSwitches switches = new ConnectionSwitches(declines, null, portable);
        HttpServletRequest jettys = new HttpServletRequestWrapper(mock(ServletApiRequest.class));
        assertTrue(ConnectionSwitches.servedByJetty(jettys), "seen through the application's wrapper");
        assertThrows(ServletException.class, () -> switches.forRequest(jettys));
    }
}
