package dev.wsengine.tck.undertow;

import dev.wsengine.tck.WarContainer;
import dev.wsengine.tck.WarContainerContract;

/** {@link WarContainerContract} on embedded Undertow. */
class EmbeddedUndertowContainerIT extends WarContainerContract {

    @Override
    protected WarContainer<?, ?> startedContainer() throws Exception {
        EmbeddedUndertowContainer undertow = new EmbeddedUndertowContainer();
        EmbeddedUndertowConfiguration configuration = new EmbeddedUndertowConfiguration();
        configuration.validate();
        undertow.setup(configuration);
        undertow.start();
        return undertow;
    }
}
