package dev.wsengine.tck;

/** {@link WarContainerContract} on embedded Jetty. */
class EmbeddedJettyContainerIT extends WarContainerContract {

    @Override
    protected WarContainer<?, ?> startedContainer() throws Exception {
        EmbeddedJettyContainer jetty = new EmbeddedJettyContainer();
        EmbeddedJettyConfiguration configuration = new EmbeddedJettyConfiguration();
        configuration.validate();
        jetty.setup(configuration);
        jetty.start();
        return jetty;
    }
}
