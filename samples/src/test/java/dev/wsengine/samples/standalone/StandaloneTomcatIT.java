package dev.wsengine.samples.standalone;

/** The samples WAR in a standalone Tomcat distribution: {@code samples/standalone.sh tomcat PORT}. */
class StandaloneTomcatIT extends StandaloneDeploymentTests {

    @Override
    String container() {
        return "tomcat";
    }
}
