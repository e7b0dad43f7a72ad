package dev.wsengine.tck.tomcat;

import dev.wsengine.tck.WarContainer;
import dev.wsengine.tck.WarContainerContract;

/** {@link WarContainerContract} on embedded Tomcat. */
class EmbeddedTomcatContainerIT extends WarContainerContract {

    @Override
    protected WarContainer<?, ?> startedContainer() throws Exception {
        EmbeddedTomcatContainer tomcat = new EmbeddedTomcatContainer();
        EmbeddedTomcatConfiguration configuration = new EmbeddedTomcatConfiguration();
        configuration.validate();
        tomcat.setup(configuration);
        tomcat.start();
        return tomcat;
    }
}
