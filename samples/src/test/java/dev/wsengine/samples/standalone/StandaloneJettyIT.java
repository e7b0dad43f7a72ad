package dev.wsengine.samples.standalone;

/** The samples WAR in a standalone Jetty distribution: {@code samples/standalone.sh jetty PORT}. */
class StandaloneJettyIT extends StandaloneDeploymentTests {

    @Override
    String container() {
        return "jetty";
    }
}
