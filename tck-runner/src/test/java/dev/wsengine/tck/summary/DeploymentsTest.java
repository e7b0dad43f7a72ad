package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeploymentsTest {

    @TempDir
    Path directory;

    @Test
    void onlyServerSideNegativeDeploymentsMustFail() {
        assertTrue(Deployments.mustFail("wsc_negdep_onopen_srv_duplicate_web.war"));
        assertTrue(Deployments.mustFail("wsc_negdep_malformedpath_web.war"));
        assertFalse(Deployments.mustFail("wsc_negdep_onopen_client_duplicate_web.war"), "client-side: server deploys fine");
        assertFalse(Deployments.mustFail("wsc_ee_jakarta_websocket_session_web.war"));
        assertFalse(Deployments.mustFail("wsc_negdep_invalidpathparamtype_pasrv_onclose_web.war"),
                "its listener catches the DeploymentException: the application starts, its endpoints must not serve");
    }

    @Test
    void listsAcceptedInvalidEndpointsAndBrokenValidDeployments() throws Exception {
        Files.writeString(directory.resolve("wsc_negdep_malformedpath_web.war.txt"), "STARTED\n");
        Files.writeString(directory.resolve("wsc_negdep_multiplepaths_web.war.txt"), "FAILED: DeploymentException: two\n");
        Files.writeString(directory.resolve("wsc_ee_a_web.war.txt"), "FAILED: ClassNotFoundException: x.Y\n");
        Files.writeString(directory.resolve("wsc_ee_b_web.war.txt"), "STARTED\n");

        String text = Deployments.read(directory).render();

        assertTrue(text.contains("4 web applications, 2 started, 2 failed to start"), text);
        assertTrue(text.contains("STARTED (the server accepted an invalid endpoint):\n    wsc_negdep_malformedpath_web.war\n"), text);
        assertTrue(text.contains("wsc_ee_a_web.war  -- FAILED: ClassNotFoundException: x.Y"), text);
        assertFalse(text.contains("multiplepaths"), text);
    }

    @Test
    void nothingRecordedRendersNothing() {
        assertEquals("", new Deployments(Map.of()).render());
    }
}
