package dev.wsengine.tck.undertow;

import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebXmlTest {

    private static final String HEAD = "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">";

    @TempDir
    Path dir;

    private Path webXml(String body) throws IOException {
        return Files.writeString(dir.resolve("web.xml"), HEAD + body + "</web-app>");
    }

    @Test
    void appliesTheSessionTimeoutAndContextParametersTheTcksWarsHold() throws IOException {
        DeploymentInfo info = Servlets.deployment();
        WebXml.apply(webXml("<display-name>x</display-name><session-config><session-timeout> 30 </session-timeout>"
                + "</session-config><context-param><param-name>a</param-name><param-value>b</param-value></context-param>"), info);
        assertEquals(30 * 60, info.getDefaultSessionTimeout());
        assertEquals("b", info.getInitParameters().get("a"));
    }

    @Test
    void refusesWhatItDoesNotApplyByName() throws IOException {
        IOException e = assertThrows(IOException.class, () -> WebXml.apply(
                webXml("<servlet><servlet-name>s</servlet-name><servlet-class>X</servlet-class></servlet>"), Servlets.deployment()));
        assertTrue(e.getMessage().contains("<servlet>"), e.getMessage());
    }
}
